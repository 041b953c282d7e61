import { getEndpointApiContext } from "@/lib/merchant-api/api-context";
import { deleteEndpointFromApi, getEndpointFromApi, updateEndpointFromApi } from "@/lib/merchant-api/webhook-endpoints";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

export async function GET(request: Request, context: Context) {
  return getEndpointFromApi(await getEndpointApiContext(), request, (await context.params).id);
}

export async function PATCH(request: Request, context: Context) {
  return updateEndpointFromApi(await getEndpointApiContext(), request, (await context.params).id);
}

export async function DELETE(request: Request, context: Context) {
  return deleteEndpointFromApi(await getEndpointApiContext(), request, (await context.params).id);
}
