/**
 * The reports module's public face for other modules: the Chromium printer (pdf.ts), loaded only when first used so
 * an instance that prints nothing never loads the browser driver. Release the lease when the app closes.
 */
export function loadPdfPrinter() {
  return import('./pdf.ts').then((m) => ({ printPdf: m.printPdf, ...m.leasePrinter() }));
}

export { esc } from './html.ts';
