/**
 * A minimal ONNX graph builder over onnx-proto (protobufjs): nodes, float/int64 initializers, typed
 * graph inputs/outputs with symbolic dims, and model encoding. One job: turn a list of ops into
 * bytes; the CorrKD-specific graph lives in corrkd-onnx.ts.
 */
import os from 'node:os';
import onnxProto from 'onnx-proto';
import { AppError } from '../../core/errors.ts';

const { onnx } = onnxProto;
type NodeProto = InstanceType<typeof onnx.NodeProto>;
type TensorProto = InstanceType<typeof onnx.TensorProto>;
type ValueInfoProto = InstanceType<typeof onnx.ValueInfoProto>;
type AttributeProto = InstanceType<typeof onnx.AttributeProto>;

export type AttrValue = number | number[] | string | { float: number } | { ints: number[] };
/** A dimension: a fixed size or a symbolic name ('batch'). */
export type Dim = number | string;

const FLOAT = onnx.TensorProto.DataType.FLOAT;
const INT64 = onnx.TensorProto.DataType.INT64;

if (os.endianness() !== 'LE') {
  // raw_data is little-endian by the ONNX spec; typed arrays use the host order.
  throw new AppError('Internal', 'ONNX export needs a little-endian host (raw_data byte order).');
}

function attribute(name: string, v: AttrValue): AttributeProto {
  const T = onnx.AttributeProto.AttributeType;
  if (typeof v === 'number') {
    return Number.isInteger(v) ? onnx.AttributeProto.create({ name, type: T.INT, i: v }) : onnx.AttributeProto.create({ name, type: T.FLOAT, f: v });
  }
  if (typeof v === 'string') return onnx.AttributeProto.create({ name, type: T.STRING, s: new TextEncoder().encode(v) });
  if (Array.isArray(v)) return onnx.AttributeProto.create({ name, type: T.INTS, ints: v });
  if ('float' in v) return onnx.AttributeProto.create({ name, type: T.FLOAT, f: v.float });
  return onnx.AttributeProto.create({ name, type: T.INTS, ints: v.ints });
}

function valueInfo(name: string, elemType: number, dims: Dim[]): ValueInfoProto {
  return onnx.ValueInfoProto.create({
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  });
}

export class OnnxGraphBuilder {
  private readonly nodes: NodeProto[] = [];
  private readonly inits: TensorProto[] = [];
  private readonly inputs: ValueInfoProto[] = [];
  private readonly outputs: ValueInfoProto[] = [];
  private readonly names = new Set<string>();
  private counter = 0;

  private fresh(hint: string): string {
    let name: string;
    do name = `${hint}_${this.counter++}`;
    while (this.names.has(name));
    this.names.add(name);
    return name;
  }

  private claim(name: string): string {
    if (this.names.has(name)) throw new AppError('Internal', `ONNX export: tensor name '${name}' used twice.`);
    this.names.add(name);
    return name;
  }

  input(name: string, dims: Dim[]): string {
    this.inputs.push(valueInfo(this.claim(name), FLOAT, dims));
    return name;
  }

  /** Declares `value` (an existing tensor) as a graph output named `name` via Identity. */
  output(name: string, value: string, dims: Dim[]): string {
    this.nodes.push(onnx.NodeProto.create({ opType: 'Identity', input: [value], output: [this.claim(name)], name: `out_${name}` }));
    this.outputs.push(valueInfo(name, FLOAT, dims));
    return name;
  }

  /** A float32 initializer (weights, constants). */
  floats(name: string, dims: number[], data: Float32Array): string {
    const n = dims.reduce((a, b) => a * b, 1);
    if (n !== data.length) throw new AppError('Internal', `ONNX export: initializer '${name}' has ${data.length} values for dims [${dims.join(', ')}].`);
    const raw = new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
    this.inits.push(onnx.TensorProto.create({ name: this.claim(name), dims, dataType: FLOAT, rawData: raw }));
    return name;
  }

  /** An int64 initializer (shapes, axes). */
  int64s(hint: string, values: number[]): string {
    const name = this.fresh(hint);
    const raw = new Uint8Array(BigInt64Array.from(values.map((v) => BigInt(v))).buffer);
    this.inits.push(onnx.TensorProto.create({ name, dims: [values.length], dataType: INT64, rawData: raw }));
    return name;
  }

  /** Adds a node with one output and returns the output's name. */
  op(opType: string, inputs: string[], attrs: Record<string, AttrValue> = {}, hint = opType.toLowerCase()): string {
    const out = this.fresh(hint);
    this.nodes.push(
      onnx.NodeProto.create({
        opType,
        input: inputs,
        output: [out],
        name: `${hint}_node_${this.nodes.length}`,
        attribute: Object.entries(attrs).map(([k, v]) => attribute(k, v)),
      }),
    );
    return out;
  }

  /** Serialises the model (IR version 8 = what opsets up to 17 need). */
  encode(opts: { graphName: string; opset: number; producer: string; producerVersion: string; docString?: string; metadata?: Record<string, string> }): Uint8Array {
    const graph = onnx.GraphProto.create({
      name: opts.graphName,
      node: this.nodes,
      initializer: this.inits,
      input: this.inputs,
      output: this.outputs,
    });
    const model = onnx.ModelProto.create({
      irVersion: 8,
      opsetImport: [{ domain: '', version: opts.opset }],
      producerName: opts.producer,
      producerVersion: opts.producerVersion,
      docString: opts.docString ?? '',
      graph,
      metadataProps: Object.entries(opts.metadata ?? {}).map(([key, value]) => ({ key, value })),
    });
    return onnx.ModelProto.encode(model).finish();
  }
}
