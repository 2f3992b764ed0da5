import { chromium, type Browser } from 'playwright-core';
import { REPORT_LABELS, type ReportLang } from '../../../shared/report-i18n.ts';
import { esc } from './html.ts';

/**
 * Prints report HTML to a tagged A4 PDF in Debian's Chromium through playwright-core.
 *
 * One browser per process, launched on first use and shared by every app instance in the process (tests build
 * several); each user of the printer holds a lease and the browser closes when the last lease is released (the
 * app's onClose hook). Every print gets its own context and page, closed afterwards. The page may load nothing:
 * every request is aborted, so a report can never reach the network (the HTML is self-contained by design).
 */
/** Validated at boot as CHROMIUM_PATH in platform/config.ts; read here because the printer is shared per process. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const LAUNCH_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];
/** A report prints in about a second; anything near this limit is a hung browser, not a big report. */
export const PRINT_TIMEOUT_MS = 30_000;

let browser: Promise<Browser> | null = null;
let leases = 0;

function getBrowser(): Promise<Browser> {
  if (!browser) {
    const launching = chromium.launch({ executablePath: CHROMIUM_PATH, args: LAUNCH_ARGS, timeout: PRINT_TIMEOUT_MS });
    browser = launching;
    launching.then(
      (b) => b.on('disconnected', () => { if (browser === launching) browser = null; }),
      () => { if (browser === launching) browser = null; },
    );
  }
  return browser;
}

/** Takes a lease on the shared browser (launching nothing yet); release it when the app closes. */
export function leasePrinter(): { release(): Promise<void> } {
  leases++;
  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      leases--;
      if (leases === 0 && browser) {
        const b = browser;
        browser = null;
        await (await b.catch(() => null))?.close().catch(() => undefined);
      }
    },
  };
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms); });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** Prints html as a tagged A4 PDF with a document outline and page numbers in the footer. */
export async function printPdf(html: string, opts: { lang: ReportLang; year: number; footer?: string }): Promise<Buffer> {
  const L = REPORT_LABELS[opts.lang];
  const b = await withTimeout(getBrowser(), PRINT_TIMEOUT_MS, 'Chromium launch');
  const context = await b.newContext({ javaScriptEnabled: false, offline: true, locale: opts.lang === 'da' ? 'da-DK' : 'en-GB' });
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(PRINT_TIMEOUT_MS);
    await page.route('**/*', (route) => route.abort('blockedbyclient'));
    const footer = `<div style="font-family: 'Liberation Sans', Arial, sans-serif; font-size: 8pt; color: #404040; width: 100%; padding: 0 15mm;
      display: flex; justify-content: space-between;"><span>${esc(opts.footer ?? L.footer(opts.year))}</span>
      <span>${esc(L.page)} <span class="pageNumber"></span> ${esc(L.of)} <span class="totalPages"></span></span></div>`;
    return await withTimeout((async () => {
      await page.setContent(html, { waitUntil: 'load' });
      return page.pdf({
        format: 'A4',
        printBackground: true,
        tagged: true,
        outline: true,
        displayHeaderFooter: true,
        headerTemplate: '<span></span>',
        footerTemplate: footer,
        margin: { top: '18mm', bottom: '20mm', left: '15mm', right: '15mm' },
      });
    })(), PRINT_TIMEOUT_MS, 'PDF printing');
  } finally {
    await context.close().catch(() => undefined);
  }
}
