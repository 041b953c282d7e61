// React's reply codec as Next.js bundles it (no types shipped): what a page's JavaScript encodes
// a server action's arguments with, and what the server decodes them with. Used by tests only.
declare module "next/dist/compiled/react-server-dom-webpack/client.node" {
  export function encodeReply(value: unknown): Promise<string | FormData>;
}
declare module "next/dist/compiled/react-server-dom-webpack/server.node" {
  export function decodeReply(body: string | FormData, serverManifest: object): Promise<unknown[]>;
}
