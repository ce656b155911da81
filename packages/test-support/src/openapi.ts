import SwaggerParser from '@apidevtools/swagger-parser';

/**
 * Validates an OpenAPI document with a standard validator (@apidevtools/swagger-parser: the OpenAPI 3
 * JSON Schema plus its semantic checks, e.g. path parameters declared, operation ids unique). Resolves to
 * the number of operations, rejects with the validator's message.
 */
export async function validateOpenApi(doc: unknown): Promise<number> {
  const copy = JSON.parse(JSON.stringify(doc)) as Parameters<typeof SwaggerParser.validate>[0];
  const api = (await SwaggerParser.validate(copy)) as { paths?: Record<string, Record<string, unknown>> };
  const methods = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];
  return Object.values(api.paths ?? {}).reduce(
    (n, item) => n + Object.keys(item).filter((k) => methods.includes(k)).length,
    0,
  );
}
