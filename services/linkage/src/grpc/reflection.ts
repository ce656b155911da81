import { readFileSync } from 'node:fs';
import { BinaryReader, WireType } from '@bufbuild/protobuf/wire';
import { ReflectionService } from '@grpc/reflection';

/** The descriptor set of proto/ written by `buf build` next to the generated code (see the README). */
const DESCRIPTOR_SET = new URL('../gen/linkage.binpb', import.meta.url);

/** Splits a FileDescriptorSet (field 1: repeated FileDescriptorProto) into its encoded files. */
export function fileDescriptorProtos(set: Uint8Array): Uint8Array[] {
  const reader = new BinaryReader(set);
  const files: Uint8Array[] = [];
  while (reader.pos < reader.len) {
    const [field, wireType] = reader.tag();
    if (field === 1 && wireType === WireType.LengthDelimited) files.push(reader.bytes());
    else reader.skip(wireType);
  }
  return files;
}

/** The standard reflection service (v1 and v1alpha) describing LinkageService and its messages. */
export function reflectionService(): ReflectionService {
  const files = fileDescriptorProtos(readFileSync(DESCRIPTOR_SET));
  // The reflection service only reads `fileDescriptorProtos` of each package-definition entry.
  const pkg: ConstructorParameters<typeof ReflectionService>[0] = {
    'fivesoc.linkage.v1': {
      format: 'Protocol Buffer 3 DescriptorProto',
      type: {},
      fileDescriptorProtos: files.map((f) => Buffer.from(f.buffer, f.byteOffset, f.byteLength)),
    },
  };
  return new ReflectionService(pkg);
}
