/**
 * An ArviZ InferenceData file (`arviz.from_netcdf`) written through h5wasm: netCDF-4 is HDF5 with
 * conventions (NetCDF Users Guide, "NetCDF-4 Format with HDF5"; ArviZ's InferenceData schema), which this
 * module follows:
 *
 *   root attribute `_NCProperties` ("version=2,…"), plus the caller's global attributes;
 *   one HDF5 group per InferenceData group (`posterior`, `sample_stats`);
 *   in each group, a coordinate variable per dimension (`chain`, `draw`: int64 0…n−1) turned into an HDF5
 *     dimension scale (H5DSset_scale: CLASS = "DIMENSION_SCALE", NAME = the dimension's name) with
 *     `_Netcdf4Dimid`, the dimension's index in its group;
 *   every variable a float64 dataset whose dimensions are attached to those scales (H5DSattach_scale:
 *     DIMENSION_LIST on the variable, REFERENCE_LIST on the scale), which is how netCDF-4 readers
 *     (netCDF-C, h5netcdf, hence xarray and ArviZ) learn a variable's dimensions.
 *
 * Variables are written a block of draws at a time (`write`), so a long chain needs bounded memory.
 */
import fs from 'node:fs';
import type * as H5 from 'h5wasm';
import { loadHdf5 } from '../sampler/hdf5-chain.ts';

export interface NetcdfVariable {
  name: string;
  /** Names of the group's dimensions, outermost first (a subset of the group's, in its order). */
  dims: readonly string[];
  attributes?: Record<string, string | number>;
}

export interface NetcdfGroup {
  name: string;
  /** Dimension name → length, in order; each gets an int64 coordinate variable 0…length−1. */
  dims: ReadonlyArray<readonly [string, number]>;
  variables: readonly NetcdfVariable[];
  attributes?: Record<string, string | number>;
}

/** An open InferenceData file being written; `close` finishes it. */
export interface NetcdfWriter {
  /** Writes values (row-major over `dims`) into the hyperslab `ranges` ([start, end) per dimension). */
  write(group: string, variable: string, ranges: ReadonlyArray<readonly [number, number]>, values: Float64Array): void;
  close(): void;
}

/** The netCDF-4 provenance attribute; readers only require that it parses as `version=2,…`. */
const NC_PROPERTIES = 'version=2,smeftfit=0.1.0,hdf5=h5wasm';

function setAttributes(entity: H5.Group | H5.Dataset, attributes: Record<string, string | number> | undefined): void {
  for (const [key, value] of Object.entries(attributes ?? {})) {
    if (typeof value === 'string') entity.create_attribute(key, value);
    else if (Number.isInteger(value)) entity.create_attribute(key, BigInt64Array.of(BigInt(value)), []);
    else entity.create_attribute(key, Float64Array.of(value), []);
  }
}

/**
 * Creates `file` (replacing it) with the groups, coordinates and (zero-filled) variables laid out; the
 * caller fills the variables with `write`. On any error the file is removed.
 */
export async function createInferenceData(file: string, groups: readonly NetcdfGroup[], globalAttributes: Record<string, string | number>): Promise<NetcdfWriter> {
  const h5 = await loadHdf5();
  const root = new h5.File(file, 'w');
  const fail = (error: unknown): never => {
    try {
      root.close();
    } finally {
      fs.rmSync(file, { force: true });
    }
    throw error;
  };
  try {
    root.create_attribute('_NCProperties', NC_PROPERTIES);
    setAttributes(root, globalAttributes);
    for (const group of groups) {
      const g = root.create_group(group.name);
      setAttributes(g, group.attributes);
      group.dims.forEach(([dim, length], index) => {
        g.create_dataset({ name: dim, data: BigInt64Array.from({ length }, (_, i) => BigInt(i)) });
        const scale = g.get(dim) as H5.Dataset;
        scale.make_scale(dim);
        scale.create_attribute('_Netcdf4Dimid', Int32Array.of(index), []);
      });
      const lengths = new Map(group.dims);
      for (const variable of group.variables) {
        if (lengths.has(variable.name)) throw new Error(`InferenceData group ${group.name}: variable ${variable.name} is also a dimension`);
        const shape = variable.dims.map((d) => {
          const length = lengths.get(d);
          if (length === undefined) throw new Error(`InferenceData group ${group.name}: variable ${variable.name} has unknown dimension ${d}`);
          return length;
        });
        g.create_dataset({ name: variable.name, data: new Float64Array(shape.reduce((a, b) => a * b, 1)), shape, dtype: '<d' });
        const dataset = g.get(variable.name) as H5.Dataset;
        variable.dims.forEach((d, axis) => dataset.attach_scale(axis, `/${group.name}/${d}`));
        setAttributes(dataset, variable.attributes);
      }
    }
  } catch (error) {
    fail(error);
  }
  return {
    write(group, variable, ranges, values) {
      try {
        const dataset = root.get(`${group}/${variable}`) as H5.Dataset;
        dataset.write_slice(ranges.map(([start, end]) => [start, end]), values);
      } catch (error) {
        fail(error);
      }
    },
    close() {
      root.flush();
      root.close();
    },
  };
}
