import { readFileSync } from 'node:fs';
import { createFileRegistry, fromBinary, type DescMethod, type DescService } from '@bufbuild/protobuf';
import { FileDescriptorSetSchema } from '@bufbuild/protobuf/wkt';

export const LINKAGE_SERVICE = 'fivesoc.linkage.v1.LinkageService';

/**
 * linkage's service as compiled from proto/ (the descriptor set `buf build` writes next to its generated
 * code, the same one its reflection service serves). The gateway's routes are this service's methods:
 * an RPC added to the proto is reachable from the browser once linkage is regenerated, with no code here.
 */
export function loadLinkageService(descriptorFile: string): DescService {
  const set = fromBinary(FileDescriptorSetSchema, readFileSync(descriptorFile));
  const service = createFileRegistry(set).getService(LINKAGE_SERVICE);
  if (!service) throw new Error(`${descriptorFile} does not describe ${LINKAGE_SERVICE}`);
  return service;
}

/** The method's gRPC path, `/fivesoc.linkage.v1.LinkageService/ListCases`. */
export const grpcPath = (method: DescMethod): string => `/${method.parent.typeName}/${method.name}`;
