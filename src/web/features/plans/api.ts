import { NetworkError } from '../../api/client.ts';

/**
 * Downloads a file the server generated (the yearly report) and hands it to the browser's save dialog. The bytes go
 * from the response to a blob to a temporary object URL to an <a download>, and the URL is revoked at once: nothing is
 * stored in the browser, and the file name holds no personal data.
 */
export async function downloadFile(path: string, fileName: string): Promise<void> {
  let response: Response;
  try {
    response = await fetch(path, { credentials: 'same-origin', cache: 'no-store' });
  } catch (error) {
    throw new NetworkError(error);
  }
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  try {
    const a = document.createElement('a');
    a.href = url;
    a.download = fileName;
    a.hidden = true;
    document.body.append(a);
    a.click();
    a.remove();
  } finally {
    // Give the browser a moment to start the download before the URL goes away.
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }
}
