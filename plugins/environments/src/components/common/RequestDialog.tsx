import { Dialog, DialogContent, DialogTitle } from '@material-ui/core';
import {
  EnvironmentCatalogue,
  EnvironmentRequestDetails,
} from '@runway/plugin-environments-common';
import { RequestEnvironmentForm } from '../RequestForm/RequestEnvironmentForm';

/** The request form in a dialog. */
export function RequestDialog(props: {
  catalogue: EnvironmentCatalogue;
  entityRef?: string;
  onClose: () => void;
  onCreated: (request: EnvironmentRequestDetails) => void;
}) {
  return (
    <Dialog open onClose={props.onClose} maxWidth="md" fullWidth>
      <DialogTitle>Request an environment</DialogTitle>
      <DialogContent>
        <RequestEnvironmentForm
          catalogue={props.catalogue}
          entityRef={props.entityRef}
          onCreated={props.onCreated}
          onCancel={props.onClose}
        />
      </DialogContent>
    </Dialog>
  );
}
