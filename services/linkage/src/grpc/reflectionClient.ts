import { Client, credentials } from '@grpc/grpc-js';
import { BinaryReader, BinaryWriter, WireType } from '@bufbuild/protobuf/wire';

const METHOD = '/grpc.reflection.v1.ServerReflection/ServerReflectionInfo';

/** Fields of a message: each length-delimited field as [number, bytes]; others skipped. */
function fields(bytes: Uint8Array): [number, Uint8Array][] {
  const reader = new BinaryReader(bytes);
  const out: [number, Uint8Array][] = [];
  while (reader.pos < reader.len) {
    const [field, wireType] = reader.tag();
    if (wireType === WireType.LengthDelimited) out.push([field, reader.bytes()]);
    else reader.skip(wireType);
  }
  return out;
}

/**
 * A minimal server-reflection client (v1 `list_services`), hand-encoded so tests and tools need no
 * generated reflection types: ServerReflectionRequest.list_services = 7; the response's
 * list_services_response = 6 holds repeated ServiceResponse (1) whose name is field 1.
 */
export async function listServices(address: string): Promise<string[]> {
  const client = new Client(address, credentials.createInsecure());
  try {
    const call = client.makeBidiStreamRequest<Uint8Array, Uint8Array>(
      METHOD,
      (b) => Buffer.from(b),
      (b) => new Uint8Array(b),
    );
    const response = new Promise<Uint8Array>((resolve, reject) => {
      call.once('data', resolve);
      call.once('error', reject);
    });
    call.write(new BinaryWriter().tag(7, WireType.LengthDelimited).string('*').finish());
    const bytes = await response;
    call.end();
    const list = fields(bytes).find(([n]) => n === 6)?.[1];
    if (!list) throw new Error('reflection answered without list_services_response');
    return fields(list)
      .filter(([n]) => n === 1)
      .map(([, service]) => new TextDecoder().decode(fields(service).find(([n]) => n === 1)?.[1]));
  } finally {
    client.close();
  }
}
