/**
 * On the web the components render plain HTML (label, input, button, main), whose semantics browsers and
 * screen readers know; in the mini-program they render Taro's components with WeChat's aria attributes.
 * Read at render time so that component tests can render either.
 */
export function isWeb(): boolean {
  return process.env.TARO_ENV === 'h5';
}
