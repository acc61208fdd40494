import { makeStyles, Typography } from '@material-ui/core';

const useStyles = makeStyles({
  wordmark: {
    color: '#7df3e1',
    fontWeight: 700,
    fontSize: 28,
    letterSpacing: '0.02em',
    lineHeight: '30px',
  },
});

/** Runway's wordmark for the open sidebar. */
export const LogoFull = () => {
  const classes = useStyles();
  return (
    <Typography component="span" className={classes.wordmark}>
      Runway
    </Typography>
  );
};
