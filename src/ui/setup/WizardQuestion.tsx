// The wizard's question for the step it is on, up to the local folder, and where each answer
// leads: the "other" provider asks for the host and port, OAuth presets for the client, the
// keyring needs no password value. The login steps that follow are the wizard's own.
import type { Preset } from '../../config/presets.js';
import { AddressStep } from './AddressStep.js';
import { FolderStep } from './FolderStep.js';
import { HostStep } from './HostStep.js';
import { OAuthClientSteps } from './OAuthClientSteps.js';
import { PasswordKindStep } from './PasswordKindStep.js';
import { PasswordValueStep } from './PasswordValueStep.js';
import { PortStep } from './PortStep.js';
import { ProviderStep } from './ProviderStep.js';
import type { WizardSteps } from './use-wizard-steps.js';
import { defaultFolder, type PasswordKind, type WizardAnswers } from './wizard-account.js';

export interface WizardQuestionProps {
  wizard: WizardSteps;
  /** Whether the OAuth presets are offered (a sign-in is at hand). */
  offerOAuth: boolean;
  withKeyring: boolean;
  /** Where the file store would put an OAuth token (shown in the choice). */
  tokenFileShown: string;
}

/** What choosing `chosen` answers: nothing new when it is the preset chosen already, else its server. */
function presetAnswers(chosen: Preset, current: Preset | undefined): Partial<WizardAnswers> {
  if (chosen.id === current?.id) return {};
  if (chosen.id === 'other') return { preset: chosen, host: undefined, port: undefined };
  return { preset: chosen, host: chosen.host, port: chosen.port };
}

/** What choosing `chosen` answers: nothing new when it is the source chosen already, else its value is asked anew. */
function kindAnswers(chosen: PasswordKind, current: PasswordKind | undefined): Partial<WizardAnswers> {
  return chosen === current ? {} : { passwordKind: chosen, passwordValue: undefined };
}

export function WizardQuestion({ wizard, offerOAuth, withKeyring, tokenFileShown }: WizardQuestionProps) {
  const { step, setStep, answers, problem, setProblem, update } = wizard;
  const { preset, passwordKind: kind } = answers;
  const oauth = preset?.oauth;
  const address = answers.address ?? '';
  switch (step) {
    case 'provider':
      return (
        <ProviderStep
          offerOAuth={offerOAuth}
          initial={preset}
          onSelect={(p) => update(presetAnswers(p, preset), p.id === 'other' ? 'host' : 'address')}
        />
      );
    case 'host':
      return <HostStep initial={answers.host ?? ''} onSubmit={(host) => update({ host }, 'port')} />;
    case 'port':
      return (
        <PortStep
          initial={answers.port}
          suggested={preset?.port ?? 993}
          problem={problem}
          onPort={(port) => update({ port }, 'address')}
          onInvalid={setProblem}
        />
      );
    case 'address':
      return (
        <AddressStep
          anyLogin={preset?.id === 'other'}
          initial={address}
          onSubmit={(v) => update({ address: v }, oauth ? 'oauth-client' : 'password-kind')}
        />
      );
    case 'password-kind':
      return (
        <PasswordKindStep
          help={preset?.help}
          withKeyring={withKeyring}
          initial={kind}
          onSelect={(k) => update(kindAnswers(k, kind), k === 'keyring' ? 'folder' : 'password-value')}
        />
      );
    case 'password-value':
      return (
        <PasswordValueStep
          kind={kind}
          initial={answers.passwordValue ?? ''}
          address={address}
          onSubmit={(v) => update({ passwordValue: v }, 'folder')}
        />
      );
    case 'oauth-client':
      return oauth ? (
        <OAuthClientSteps
          provider={oauth}
          {...(answers.oauth ? { initial: answers.oauth } : {})}
          keyringAvailable={withKeyring}
          tokenFileShown={tokenFileShown}
          onDone={(settings) => update({ passwordKind: 'oauth', passwordValue: '', oauth: settings }, 'folder')}
          onBack={() => setStep('address')}
        />
      ) : null;
    case 'folder':
      return (
        <FolderStep
          keyringLogin={kind === 'keyring' ? address : undefined}
          initial={answers.folder ?? ''}
          suggested={defaultFolder({ preset: preset!, host: answers.host ?? '' })}
          onSubmit={(v) => update({ folder: v }, oauth ? 'signing-in' : 'testing')}
        />
      );
    default:
      return null;
  }
}
