import { ResponseErrorPanel } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';

/**
 * Why a request to the cost backend failed, with a Retry button: the failures worth retrying
 * (a backend restarting, a timeout) look the same on every cost view.
 */
export function ErrorWithRetry(props: {
  error: Error;
  title: string;
  onRetry: () => void;
}) {
  return (
    <>
      <ResponseErrorPanel error={props.error} title={props.title} />
      <Box mt={1}>
        <Button variant="outlined" onClick={props.onRetry}>
          Retry
        </Button>
      </Box>
    </>
  );
}
