/** The shopper's payment page for an order: its address in links, emails and the API. */
export function paymentUrl(appUrl: string, publicId: string): string {
  return `${appUrl}/pay/${publicId}`;
}
