import path from 'node:path';
import { runnerImport, type Plugin, type Rollup } from 'vite';

type OutputAsset = Rollup.OutputAsset;
type OutputBundle = Rollup.OutputBundle;
type OutputChunk = Rollup.OutputChunk;

/**
 * What the server reads beside the build (dist/.vite/first-page.json): the chunks pages need beyond the entry's,
 * as served paths, for `<link rel="modulepreload">`.
 */
export interface FirstPageChunks {
  /** The frame of every page after login (components/AppLayout.tsx). */
  app: string[];
  /** The plan page, beyond the frame's. */
  plan: string[];
}

const ROOT_ELEMENT = '<div id="root"></div>';

/**
 * The first page, made at build time:
 * - index.html gets its stylesheet (first-page.css: the login page and the spinner, a few KB) inline, so that
 *   nothing blocks the first paint but the HTML itself;
 * - login.html is index.html with the login page rendered into #root (src/prerender.tsx, through Vite's module
 *   runner, so that the same sources render it) and marked `data-prerendered="login"` for main.tsx to hydrate;
 * - .vite/first-page.json names the chunks of the frame after login and of the plan page, which the server
 *   announces in the HTML it sends to a session (and for a plan) so that the browser fetches them beside the entry
 *   rather than after it has run.
 * Runs after Vite has written index.html into the bundle and before the files are written (and compressed).
 */
export function prerender(): Plugin {
  let root = '';
  return {
    name: 'luoshi:prerender',
    apply: 'build',
    configResolved(config) {
      root = config.root;
    },
    generateBundle: {
      order: 'post',
      async handler(_options, bundle) {
        const index = bundle['index.html'] as OutputAsset | undefined;
        if (!index) throw new Error('prerender: the bundle has no index.html');
        let html = String(index.source);
        html = html.replace(
          /<link rel="stylesheet"[^>]*href="\/(assets\/[^"]+\.css)"[^>]*>/g,
          (_, file: string) => {
            const css = bundle[file] as OutputAsset | undefined;
            if (!css) throw new Error(`prerender: ${file} is not in the bundle`);
            return `<style>${String(css.source)}</style>`;
          },
        );
        if (!html.includes(ROOT_ELEMENT)) throw new Error(`prerender: index.html has no ${ROOT_ELEMENT}`);
        index.source = html;

        const { module } = await runnerImport<{ renderLoginPage: () => string }>(
          path.join(root, 'src/prerender.tsx'),
          { root, configFile: false, logLevel: 'warn' },
        );
        const login = html.replace(
          ROOT_ELEMENT,
          `<div id="root" data-prerendered="login">${module.renderLoginPage()}</div>`,
        );
        this.emitFile({ type: 'asset', fileName: 'login.html', source: login });

        const app = pageChunks(bundle, [], 'src/components/AppLayout.tsx');
        const chunks: FirstPageChunks = { app, plan: pageChunks(bundle, app, 'src/pages/PlanPage.tsx') };
        this.emitFile({
          type: 'asset',
          fileName: '.vite/first-page.json',
          source: JSON.stringify(chunks, null, 2),
        });
      },
    },
  };
}

/** The served paths of the chunks of these modules and their static imports, less the entry's and `known`. */
function pageChunks(bundle: OutputBundle, known: string[], ...modules: string[]): string[] {
  const chunks = Object.values(bundle).filter((o): o is OutputChunk => o.type === 'chunk');
  const byFile = new Map(chunks.map((c) => [c.fileName, c]));
  const closure = (start: OutputChunk[]) => {
    const seen = new Set<string>();
    const visit = (chunk: OutputChunk) => {
      if (seen.has(chunk.fileName)) return;
      seen.add(chunk.fileName);
      for (const file of chunk.imports) visit(byFile.get(file)!);
    };
    start.forEach(visit);
    return seen;
  };
  const entry = closure(chunks.filter((c) => c.isEntry));
  const pages = modules.map((m) => {
    const chunk = chunks.find((c) => c.facadeModuleId?.replaceAll('\\', '/').endsWith(`/${m}`));
    if (!chunk) throw new Error(`prerender: no chunk for ${m}`);
    return chunk;
  });
  return [...closure(pages)]
    .filter((f) => !entry.has(f))
    .map((f) => `/${f}`)
    .filter((f) => !known.includes(f));
}
