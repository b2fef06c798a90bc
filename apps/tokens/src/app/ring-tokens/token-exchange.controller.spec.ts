import { RingTokensErrorCode } from './ring-tokens.errors';
import { extractCode, TokenExchangeController } from './token-exchange.controller';

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('did not throw');
}

describe(TokenExchangeController.name, () => {
  describe(extractCode.name, () => {
    it('reads the code from a form or JSON body, else the query string', () => {
      expect(extractCode({ code: 'abc', state: 'x' }, {})).toBe('abc');
      expect(extractCode({}, { code: 'q' })).toBe('q');
      expect(extractCode(undefined, { code: 'q' })).toBe('q');
    });

    it.each([[{}], [{ code: '' }], [{ code: '   ' }], [{ code: 42 }], [{ code: ['a', 'b'] }]])('refuses %j with authorization_code_missing', (body) => {
      expect(thrown(() => extractCode(body, {}))).toMatchObject({ code: RingTokensErrorCode.CodeMissing, status: 400 });
    });

    it('refuses an absurdly long code without echoing it', () => {
      const code = 'x'.repeat(5000);
      expect(thrown(() => extractCode({ code }, {}))).toMatchObject({ code: RingTokensErrorCode.CodeRejected });
      try {
        extractCode({ code }, {});
      } catch (e) {
        expect((e as Error).message).not.toContain(code);
      }
    });
  });
});
