/*
 * One source per API: a backend plugin's src/schema/openapi.yaml. `yarn generate:openapi` (each
 * backend's package.json script, run in its folder) writes from it
 *
 *  - <plugin>-backend/src/schema/openapi.generated.ts: the spec as a constant, for the
 *    OpenAPI-typed, validating router (`createValidatedOpenApiRouter<typeof spec>`);
 *  - <plugin>-common/src/schema/openapi.generated.ts: the spec's types (by openapi-typescript),
 *    an alias per component schema, and `DefaultApiClient`, a typed client with one method per
 *    operation, which the common package's friendlier client wraps.
 *
 * This is the layout `backstage-repo-tools package schema openapi generate --server
 * --client-package` produces; that command needs OpenAPI Generator's Java archive, fetched from
 * a registry this project's machines cannot reach, so the same two outputs are made here with
 * npm packages. `scripts/tests/openapi-generated.test.mjs` fails while a file differs from what
 * its YAML generates.
 */
const fs = require('node:fs');
const path = require('node:path');
const { parse } = require('yaml');
const prettier = require('prettier');

const HEADER = `// Generated from openapi.yaml by \`yarn generate:openapi\` in the backend plugin: edit the YAML,
// then regenerate (a test fails while the two differ).
/* eslint-disable */`;

function readSpec(backendDir) {
  return parse(
    fs.readFileSync(path.join(backendDir, 'src/schema/openapi.yaml'), 'utf8'),
  );
}

async function format(source, filepath) {
  const options = (await prettier.resolveConfig(filepath)) ?? {};
  return prettier.format(source, { ...options, filepath });
}

/** The backend's typed-router file. */
function renderServer(spec) {
  return `${HEADER}
import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';

export const spec = ${JSON.stringify(spec, null, 2)} as const;

export const createOpenApiRouter = async (
  options?: Parameters<typeof createValidatedOpenApiRouter>['1'],
) => createValidatedOpenApiRouter<typeof spec>(spec, options);
`;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

function camelCase(operationId) {
  return operationId.charAt(0).toLowerCase() + operationId.slice(1);
}

function resolveRef(spec, node) {
  let current = node;
  while (current && current.$ref) {
    current = current.$ref
      .replace(/^#\//, '')
      .split('/')
      .reduce((object, key) => object[key], spec);
  }
  return current;
}

function jsDoc(text, tags = []) {
  const lines = [
    ...(text ? text.trim().split('\n') : []),
    ...(text && tags.length ? [''] : []),
    ...tags,
  ];
  if (lines.length === 0) return '';
  return `/**\n${lines
    .map(line => ` * ${line.replace(/\*\//g, '*\\/')}`.trimEnd())
    .join('\n')}\n */\n`;
}

/** One `DefaultApiClient` method per operation of the spec. */
function renderOperations(spec) {
  const methods = [];
  for (const [route, item] of Object.entries(spec.paths ?? {})) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation?.operationId) continue;
      const op = `operations['${operation.operationId}']`;
      const parameters = [
        ...(item.parameters ?? []),
        ...(operation.parameters ?? []),
      ].map(parameter => resolveRef(spec, parameter));
      const parts = [];
      let anyRequired = false;
      for (const location of ['path', 'query', 'header']) {
        const own = parameters.filter(p => p.in === location);
        if (own.length === 0) continue;
        const required = own.some(p => p.required);
        anyRequired ||= required;
        parts.push(
          `${location}${
            required ? '' : '?'
          }: NonNullable<${op}['parameters']['${location}']>;`,
        );
      }
      const requestBody = resolveRef(spec, operation.requestBody);
      const bodyTypes = Object.keys(requestBody?.content ?? {});
      const jsonBody = bodyTypes.includes('application/json');
      if (requestBody) {
        anyRequired ||= Boolean(requestBody.required);
        const optional = requestBody.required ? '' : '?';
        if (jsonBody) {
          parts.push(
            `body${optional}: NonNullable<${op}['requestBody']>['content']['application/json'];`,
          );
        } else {
          parts.push(`body${optional}: BodyInit;`);
          parts.push(
            `contentType: ${bodyTypes.map(t => `'${t}'`).join(' | ')};`,
          );
        }
      }
      const request = parts.length
        ? `request${anyRequired ? '' : '?'}: { ${parts.join(' ')} }, `
        : '';
      const call = [
        `method: '${method.toUpperCase()}'`,
        `path: '${route}'`,
        ...(parts.length ? ['request'] : []),
        ...(requestBody ? [`json: ${jsonBody ? 'true' : 'false'}`] : []),
      ];
      methods.push(
        `${jsDoc(
          [operation.summary, operation.description]
            .filter(Boolean)
            .join('\n\n'),
        )}async ${camelCase(
          operation.operationId,
        )}(${request}options?: ApiRequestOptions): Promise<SuccessBody<${op}>> {
    return this.send({ ${call.join(', ')} }, options);
  }`,
      );
    }
  }
  return methods;
}

/** The common package's file: types, schema aliases and the typed client. */
async function renderClient(spec, pluginId) {
  const { default: openapiTS, astToString } = await import(
    'openapi-typescript'
  );
  const types = astToString(await openapiTS(spec));
  // No alias for `Error`: it would shadow the global Error wherever it is imported.
  const aliases = Object.entries(spec.components?.schemas ?? {})
    .filter(([name]) => name !== 'Error')
    .map(
      ([name, schema]) =>
        `${jsDoc(schema.description, [
          '@public',
        ])}export type ${name} = components['schemas']['${name}'];`,
    );
  return `${HEADER}
import { ResponseError } from '@backstage/errors';

${types}

${aliases.join('\n\n')}

/** Options of every request. @public */
export interface ApiRequestOptions {
  /** A Backstage token to send; without one, the fetch API's own credentials apply. */
  token?: string;
}

/** The JSON body of an operation's success response (undefined for 204). @public */
export type SuccessBody<Operation> = Operation extends { responses: infer Responses }
  ? JsonContent<Responses[200 & keyof Responses] | Responses[201 & keyof Responses] | Responses[204 & keyof Responses]>
  : never;

type JsonContent<Response> = Response extends { content: { 'application/json': infer Body } }
  ? Body
  : undefined;

type RequestParts = {
  path?: Record<string, unknown>;
  query?: Record<string, unknown>;
  header?: Record<string, unknown>;
  body?: unknown;
  contentType?: string;
};

/**
 * The ${pluginId} plugin's API over HTTP, one method per operation of its OpenAPI spec, for
 * frontends and backends alike. Failures throw \`ResponseError\` (from \`@backstage/errors\`).
 *
 * @public
 */
export class DefaultApiClient {
  private readonly discoveryApi: { getBaseUrl(pluginId: string): Promise<string> };
  private readonly fetchApi: { fetch: typeof fetch };

  constructor(options: {
    discoveryApi: { getBaseUrl(pluginId: string): Promise<string> };
    /** Defaults to the global \`fetch\`. */
    fetchApi?: { fetch: typeof fetch };
  }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi ?? { fetch: (...args) => fetch(...args) };
  }

  ${renderOperations(spec).join('\n\n  ')}

  private async send<T>(
    call: { method: string; path: string; request?: RequestParts; json?: boolean },
    options: ApiRequestOptions | undefined,
  ): Promise<T> {
    const { request = {} } = call;
    const route = call.path.replace(/{([^}]+)}/g, (_, name: string) =>
      encodeURIComponent(String(request.path?.[name])),
    );
    const search = new URLSearchParams();
    for (const [name, value] of Object.entries(request.query ?? {})) {
      for (const item of Array.isArray(value) ? value : [value]) {
        if (item !== undefined && item !== null) search.append(name, String(item));
      }
    }
    const headers = new Headers();
    for (const [name, value] of Object.entries(request.header ?? {})) {
      if (value !== undefined && value !== null) headers.set(name, String(value));
    }
    if (options?.token) {
      headers.set('Authorization', \`Bearer \${options.token}\`);
    }
    let body: BodyInit | undefined;
    if (request.body !== undefined) {
      headers.set('Content-Type', call.json ? 'application/json' : request.contentType!);
      body = call.json ? JSON.stringify(request.body) : (request.body as BodyInit);
    }
    const baseUrl = await this.discoveryApi.getBaseUrl('${pluginId}');
    const query = search.toString();
    const response = await this.fetchApi.fetch(
      \`\${baseUrl}\${route}\${query ? \`?\${query}\` : ''}\`,
      { method: call.method, headers, body },
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    if (response.status === 204) {
      return undefined as T;
    }
    return (await response.json()) as T;
  }
}
`;
}

/** Every generated file of the backend plugin in `backendDir`, path -> content. */
async function generatedFiles(backendDir) {
  const spec = readSpec(backendDir);
  const backendPackage = JSON.parse(
    fs.readFileSync(path.join(backendDir, 'package.json'), 'utf8'),
  );
  const pluginId = backendPackage.backstage.pluginId;
  const serverFile = path.join(backendDir, 'src/schema/openapi.generated.ts');
  const commonDir = path.join(path.dirname(backendDir), `${pluginId}-common`);
  const clientFile = path.join(commonDir, 'src/schema/openapi.generated.ts');
  return {
    [serverFile]: await format(renderServer(spec), serverFile),
    [clientFile]: await format(await renderClient(spec, pluginId), clientFile),
  };
}

module.exports = { generatedFiles };

if (require.main === module) {
  generatedFiles(process.cwd()).then(
    files => {
      for (const [file, content] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, content);
        console.log(`wrote ${path.relative(process.cwd(), file)}`);
      }
    },
    error => {
      console.error(error);
      process.exit(1);
    },
  );
}
