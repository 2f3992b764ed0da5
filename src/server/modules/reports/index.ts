/**
 * The reports module's public face for other modules: the PDF printer (Chromium through playwright-core), loaded
 * only when first used so the browser stays off the path to a listening server. A caller takes a lease and
 * releases it when its app closes (see reports/routes.ts).
 */
export const loadPrinter = () => import('./pdf.ts');
export { esc } from './html.ts';
