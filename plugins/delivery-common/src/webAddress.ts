/**
 * Whether `value` is an absolute http or https address, as the WHATWG URL parser (browsers,
 * Node) reads it. Run and incident addresses of delivery events must be: the portal links
 * them, and a `javascript:` or `data:` URL would be a link that runs script.
 *
 * @public
 */
export function isWebAddress(value: string): boolean {
  // Not URL.parse: older browsers that still open the portal lack it.
  try {
    const { protocol } = new URL(value);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}
