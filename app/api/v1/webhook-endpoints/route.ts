import { getEndpointApiContext } from "@/lib/merchant-api/api-context";
import { createEndpointFromApi, listEndpointsFromApi } from "@/lib/merchant-api/webhook-endpoints";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  return listEndpointsFromApi(await getEndpointApiContext(), request);
}

export async function POST(request: Request) {
  return createEndpointFromApi(await getEndpointApiContext(), request);
}
