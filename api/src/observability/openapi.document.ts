// The REST side of the API (GraphQL describes itself): uploads, the IPFS path gateway and the CAR
// export of contribution records, as an OpenAPI 3.1 document served at /openapi.json.
const error = {
  description: 'A typed error',
  content: {
    'application/json': {
      schema: {
        type: 'object',
        required: ['error'],
        properties: {
          error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' } } },
        },
      },
    },
  },
};
const cid = { name: 'cid', in: 'path', required: true, description: 'A CIDv0 or CIDv1', schema: { type: 'string' } };
const format = {
  name: 'format',
  in: 'query',
  required: false,
  description: 'raw: the single block; car: a CARv1 rooted at the CID, with the blocks proving the path and the entity in its dag-scope',
  schema: { type: 'string', enum: ['raw', 'car'] },
};
const dagScope = {
  name: 'dag-scope',
  in: 'query',
  required: false,
  description:
    'For a CAR (Trustless Gateway): block (the terminal block), entity (a file, a directory node), all (the whole DAG, the default)',
  schema: { type: 'string', enum: ['all', 'entity', 'block'] },
};
const entityBytes = {
  name: 'entity-bytes',
  in: 'query',
  required: false,
  description:
    'For a CAR of a file with dag-scope=entity: only the blocks of bytes from:to (inclusive; negative from the end; * for the end)',
  schema: { type: 'string', pattern: '^-?\\d+:(-?\\d+|\\*)$' },
};
const range = {
  name: 'Range',
  in: 'header',
  required: false,
  description: 'One byte range (bytes=start-end) of a file',
  schema: { type: 'string' },
};
const ifNoneMatch = { name: 'If-None-Match', in: 'header', required: false, schema: { type: 'string' } };
const gatewayResponses = {
  '200': {
    description: 'The file, a directory listing, a raw block or a CAR',
    content: { 'application/octet-stream': {}, 'application/vnd.ipld.raw': {}, 'application/vnd.ipld.car': {}, 'text/html': {} },
  },
  '206': { description: 'The requested byte range of a file', content: { 'application/octet-stream': {} } },
  '304': { description: 'Unchanged (the ETag matched)' },
  '400': error,
  '404': error,
  '406': error,
  '416': { description: 'The range lies outside the file' },
};

export const OPENAPI_DOCUMENT = {
  openapi: '3.1.0',
  info: {
    title: 'Cosmolocal REST API',
    version: '0.1.0',
    description: 'Uploads, the IPFS gateway and contribution record exports. Everything else is GraphQL at /graphql.',
  },
  paths: {
    '/api/uploads': {
      post: {
        operationId: 'upload',
        summary: 'Store files as one UnixFS directory (all or none)',
        security: [{ bearer: [] }, { session: [] }],
        parameters: [
          {
            name: 'Idempotency-Key',
            in: 'header',
            required: false,
            description: 'Makes a retry answer with the first result',
            schema: { type: 'string', maxLength: 255 },
          },
        ],
        requestBody: {
          required: true,
          content: {
            'multipart/form-data': {
              schema: {
                type: 'object',
                properties: { file: { type: 'array', items: { type: 'string', contentMediaType: 'application/octet-stream' } } },
              },
            },
          },
        },
        responses: {
          '201': {
            description: 'The directory and its files',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['cid', 'files'],
                  properties: {
                    cid: { type: 'string' },
                    files: {
                      type: 'array',
                      items: {
                        type: 'object',
                        required: ['path', 'cid', 'size'],
                        properties: { path: { type: 'string' }, cid: { type: 'string' }, size: { type: 'integer', minimum: 0 } },
                      },
                    },
                  },
                },
              },
            },
          },
          '400': error,
          '401': error,
          '403': error,
          '409': error,
          '413': error,
          '422': error,
        },
      },
    },
    '/ipfs/{cid}': {
      get: {
        operationId: 'gatewayRoot',
        summary: 'The content at a CID',
        parameters: [cid, format, dagScope, entityBytes, range, ifNoneMatch],
        responses: gatewayResponses,
      },
    },
    '/ipfs/{cid}/{path}': {
      get: {
        operationId: 'gatewayPath',
        summary: 'The content at a path below a CID',
        parameters: [
          cid,
          { name: 'path', in: 'path', required: true, description: 'A path inside the DAG (may contain /)', schema: { type: 'string' } },
          format,
          dagScope,
          entityBytes,
          range,
          ifNoneMatch,
        ],
        responses: gatewayResponses,
      },
    },
    '/contributions/{file}': {
      get: {
        operationId: 'contributionCar',
        summary: 'A contribution record with its anchoring proof, as a CARv1 (for `cosmolocal verify --car`)',
        parameters: [
          { name: 'file', in: 'path', required: true, description: '<record CID>.car', schema: { type: 'string', pattern: '\\.car$' } },
        ],
        responses: {
          '200': { description: 'The record and its proof', content: { 'application/vnd.ipld.car': {} } },
          '400': error,
          '404': error,
        },
      },
    },
  },
  components: {
    securitySchemes: {
      bearer: { type: 'http', scheme: 'bearer', description: 'A session token from the signIn mutation' },
      session: {
        type: 'apiKey',
        in: 'cookie',
        name: 'cosmolocal_session',
        description: 'The web app’s session cookie (same-origin requests only)',
      },
    },
  },
} as const;
