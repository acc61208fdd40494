import { LoggerService } from '@backstage/backend-plugin-api';
import { glob } from 'tinyglobby';
import { costFileFromPath } from './CostFile';
import { FocusImporter } from './FocusImporter';

/** What one pass over a source did. */
export interface SourceRunSummary {
  imported: number;
  skipped: number;
  failed: number;
}

/**
 * FOCUS exports in a local directory, found by a glob. Every run imports the files whose
 * content has not been imported yet; one broken file does not stop the others.
 */
export class LocalDirectorySource {
  constructor(
    private readonly options: {
      /** Source name: a re-exported billing period replaces that source's rows. */
      name: string;
      /** Glob of the files; relative globs resolve against `cwd`. */
      glob: string;
      cwd: string;
      importer: FocusImporter;
      logger: LoggerService;
    },
  ) {}

  get name(): string {
    return this.options.name;
  }

  async run(): Promise<SourceRunSummary> {
    const { importer, logger, name } = this.options;
    const paths = await glob(this.options.glob, {
      cwd: this.options.cwd,
      absolute: true,
      onlyFiles: true,
    });
    const summary: SourceRunSummary = { imported: 0, skipped: 0, failed: 0 };
    for (const path of paths.sort()) {
      try {
        const result = await importer.import(
          await costFileFromPath(path),
          name,
        );
        summary[result.skipped ? 'skipped' : 'imported'] += 1;
      } catch (error) {
        summary.failed += 1;
        logger.warn(`Could not import ${path}: ${(error as Error).message}`);
      }
    }
    if (paths.length === 0) {
      logger.info(`Cost source ${name}: no file matches ${this.options.glob}`);
    }
    return summary;
  }
}
