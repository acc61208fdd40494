import { makeStyles, Typography } from '@material-ui/core';

const useStyles = makeStyles({
  mark: {
    color: '#7df3e1',
    fontWeight: 700,
    fontSize: 28,
    lineHeight: '28px',
  },
});

/** Runway's mark for the collapsed sidebar. */
export const LogoIcon = () => {
  const classes = useStyles();
  return (
    <Typography component="span" className={classes.mark}>
      R
    </Typography>
  );
};
