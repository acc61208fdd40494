import { CodeSnippet, EmptyState } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';

const LOCAL_SOURCE_SNIPPET = `cost:
  sources:
    local:
      # FOCUS exports (.csv, .csv.gz or .parquet) matching the glob are imported on the schedule.
      - name: local
        glob: /var/lib/runway/focus/*.{csv,csv.gz,parquet}`;

const UPLOAD_SNIPPET = `curl -X POST "$BACKSTAGE_URL/api/cost/imports?fileName=aws-2025-01.csv.gz&source=aws" \\
  -H "Authorization: Bearer $RUNWAY_CI_TOKEN" -H 'Content-Type: application/gzip' \\
  --data-binary @aws-2025-01.csv.gz`;

/** Shown before any FOCUS file was imported: the two ways cost gets in. */
export function CostSourcesEmptyState() {
  return (
    <EmptyState
      missing="data"
      title="No cost data imported yet"
      description="Runway reads cloud cost from FinOps FOCUS exports (AWS, Azure, Google Cloud and OCI all export FOCUS) and from OpenCost. Point the cost backend at a folder of exports (cost.sources.local), a bucket (cost.sources.s3) or OpenCost (cost.sources.opencost), or upload each export from the job that fetches it. See the cost backend's README for every option."
      action={
        <Box maxWidth={760}>
          <Typography variant="subtitle2">
            A folder of exports, in app-config.yaml
          </Typography>
          <CodeSnippet
            text={LOCAL_SOURCE_SNIPPET}
            language="yaml"
            showCopyCodeButton
          />
          <Typography variant="subtitle2">
            Or upload an export with a service token
          </Typography>
          <CodeSnippet
            text={UPLOAD_SNIPPET}
            language="bash"
            showCopyCodeButton
          />
        </Box>
      }
    />
  );
}
