// The wizard's questions for an OAuth account: the client ID (and Google's client secret), and
// where the sign-in is kept — the keyring, or a 0600 file only when the user picks it.
import { useState } from 'react';
import { Text } from 'ink';
import type { OAuthProviderId, OAuthSettings, TokenStoreKind } from '../../config/oauth-providers.js';
import { useKeyHandler } from '../keys/use-key-handler.js';
import { ChoiceList, type Choice } from './ChoiceList.js';
import { TextField } from './TextField.js';

export interface OAuthClientStepsProps {
  provider: Exclude<OAuthProviderId, 'generic'>;
  initial?: OAuthSettings;
  keyringAvailable: boolean;
  /** Where the file store would put the token (shown in the choice). */
  tokenFileShown: string;
  onDone: (settings: OAuthSettings) => void;
  onBack: () => void;
}

type Part = 'client-id' | 'client-secret' | 'store';

const REGISTER_HELP: Record<OAuthClientStepsProps['provider'], string> = {
  google: 'Google: a "Desktop app" OAuth client of your own (README: Register a client ID with Google).',
  microsoft: 'Microsoft: an app registration of your own (README: Register a client ID with Microsoft).',
};

export function OAuthClientSteps({
  provider,
  initial,
  keyringAvailable,
  tokenFileShown,
  onDone,
  onBack,
}: OAuthClientStepsProps) {
  const [part, setPart] = useState<Part>('client-id');
  const [clientId, setClientId] = useState(initial?.clientId ?? '');
  const [clientSecret, setClientSecret] = useState(initial?.clientSecret ?? '');
  useKeyHandler((_input, key) => {
    if (!key.escape) return;
    if (part === 'client-id') onBack();
    else setPart(part === 'store' && provider === 'google' ? 'client-secret' : 'client-id');
  });
  const stores: Choice<TokenStoreKind>[] = [
    ...(keyringAvailable ? [{ value: 'keyring' as const, label: 'System keyring (secret-tool)' }] : []),
    { value: 'file', label: 'A file only you can read (mode 0600)' },
  ];
  const finish = (tokenStore: TokenStoreKind) =>
    onDone({
      ...(initial?.provider === provider ? initial : {}),
      provider,
      clientId,
      tokenStore,
      ...(clientSecret !== '' ? { clientSecret } : {}),
    });
  return (
    <>
      {part === 'client-id' && (
        <>
          <Text>{REGISTER_HELP[provider]}</Text>
          <Text>OAuth client ID:</Text>
          <TextField
            initial={clientId}
            onSubmit={(v) => v && (setClientId(v), setPart(provider === 'google' ? 'client-secret' : 'store'))}
          />
        </>
      )}
      {part === 'client-secret' && (
        <>
          <Text>Client secret (Google gives one with a Desktop app client):</Text>
          <TextField mask initial={clientSecret} onSubmit={(v) => v && (setClientSecret(v), setPart('store'))} />
        </>
      )}
      {part === 'store' && (
        <>
          {!keyringAvailable && (
            <Text color="yellow">secret-tool is not installed (package libsecret-tools): no keyring to use.</Text>
          )}
          <Text>Where should mailkeep keep the sign-in?</Text>
          <ChoiceList choices={stores} initial={initial?.tokenStore} onSelect={finish} />
          <Text dimColor>The file: {tokenFileShown}</Text>
        </>
      )}
    </>
  );
}
