import type restify from 'restify';
import { EXPORT_FORMATS, exportFile, type ExportFile, type ExportName } from '../exports/exportSheets.js';
import { exportPeriod } from '../exports/exportPeriod.js';
import { problems, safe, type RequestRoutesDeps } from './requestRoutes.js';

/** The headers that make a browser or a client save the file under its name. */
function send(res: restify.Response, file: ExportFile): void {
  res.sendRaw(200, file.body, {
    'Content-Type': file.contentType,
    'Content-Disposition': `attachment; filename="${file.filename}"`,
    'Content-Length': String(file.body.length),
    // Personal data of children in care: not to be kept by a proxy or the browser's cache.
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
}

/**
 * The spreadsheet exports (docs/api.md, "Exports"): decisions and savings, each as CSV or XLSX,
 * behind the same key check as the rest of the API.
 */
export function registerExportRoutes(server: restify.Server, deps: RequestRoutesDeps, guard: restify.RequestHandler): void {
  for (const format of EXPORT_FORMATS) {
    for (const name of ['decisions', 'savings'] as const satisfies readonly ExportName[]) {
      server.get(`/api/export/${name}.${format}`, guard, safe(deps, async (req, res) => {
        const today = deps.panel.today();
        const asked = exportPeriod(name === 'savings' ? req.query : {}, today);
        if (!asked.ok) return problems(res, 400, asked.problems);
        send(res, await exportFile(deps.panel.facts(), name, format, today, asked.period));
      }));
    }
  }
}
