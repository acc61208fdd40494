import {
  CatalogProcessor,
  LocationSpec,
  CatalogProcessorEmit,
  CatalogProcessorParser,
  processingResult,
} from '@backstage/plugin-catalog-node';
import fs from 'node:fs/promises';
import path from 'node:path';
import { isInside, resolveInside } from '../actions/localPublishSettings';

/**
 * The location type `runway:catalog:register-local` registers. The catalog accepts only `url`
 * locations through its API by default; allowing `file` would let anyone who may register a
 * location make the backend read any file on its disk. This type reads only inside the local
 * publish directory.
 */
export const LOCAL_REPOSITORY_LOCATION_TYPE = 'runway-local-repository';

/** Reads `runway-local-repository` locations: a catalog file inside the local publish directory. */
export class LocalRepositoryProcessor implements CatalogProcessor {
  constructor(private readonly directory: string) {}

  getProcessorName(): string {
    return 'RunwayLocalRepositoryProcessor';
  }

  async readLocation(
    location: LocationSpec,
    optional: boolean,
    emit: CatalogProcessorEmit,
    parser: CatalogProcessorParser,
  ): Promise<boolean> {
    if (location.type !== LOCAL_REPOSITORY_LOCATION_TYPE) {
      return false;
    }
    const target = path.resolve(location.target);
    if (!isInside(this.directory, target) || target === this.directory) {
      emit(
        processingResult.inputError(
          location,
          `${location.target} is outside the local publish directory ${this.directory}`,
        ),
      );
      return true;
    }
    let data: Buffer;
    try {
      // The real path, read right after the check: a link in a published repository (its
      // workspace may have carried one) must not lead the catalog to other files of the disk.
      const { realPath, inside } = await resolveInside(this.directory, target);
      if (!inside) {
        emit(
          processingResult.inputError(
            location,
            `${location.target} is outside the local publish directory ${this.directory} (through a symbolic link)`,
          ),
        );
        return true;
      }
      data = await fs.readFile(realPath);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        if (!optional) {
          emit(
            processingResult.notFoundError(
              location,
              `${location.type} ${location.target} does not exist`,
            ),
          );
        }
      } else {
        emit(
          processingResult.generalError(
            location,
            `${location.type} ${location.target} could not be read, ${error}`,
          ),
        );
      }
      return true;
    }
    // The entities are "file" locations, as they would be from app-config: TechDocs' dir:.
    // and the entity page's source links resolve against the repository's working tree.
    const fileLocation = { type: 'file', target };
    for await (const result of parser({ data, location: fileLocation })) {
      emit(result);
    }
    return true;
  }
}
