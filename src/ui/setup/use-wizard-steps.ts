// The wizard's place and answers: the step shown, the answers so far, the problem with the last
// one; an answer moves on to the next step, Esc goes back one (or cancels on the first).
import { useState } from 'react';
import type { AccountConfig } from '../../config/types.js';
import { useKeyHandler } from '../keys/use-key-handler.js';
import { answersFromAccount, type WizardAnswers } from './wizard-account.js';

export type Step =
  | 'provider'
  | 'host'
  | 'port'
  | 'address'
  | 'password-kind'
  | 'password-value'
  | 'oauth-client'
  | 'folder'
  | 'testing'
  | 'signing-in'
  | 'failed';

const PREVIOUS: Record<Step, Step | null> = {
  provider: null,
  host: 'provider',
  port: 'host',
  address: 'provider',
  'password-kind': 'address',
  'password-value': 'password-kind',
  'oauth-client': 'address',
  folder: 'password-kind',
  testing: 'folder',
  'signing-in': 'folder',
  failed: 'password-kind',
};

export interface WizardSteps {
  step: Step;
  setStep: (step: Step) => void;
  answers: Partial<WizardAnswers>;
  problem: string;
  setProblem: (problem: string) => void;
  /** Records the answer and moves on to `next`. */
  update: (patch: Partial<WizardAnswers>, next: Step) => void;
}

export function useWizardSteps(initial: AccountConfig | undefined, home: string, onCancel: () => void): WizardSteps {
  const [step, setStep] = useState<Step>('provider');
  const [answers, setAnswers] = useState<Partial<WizardAnswers>>(() =>
    initial ? answersFromAccount(initial, home) : {},
  );
  const [problem, setProblem] = useState('');
  const update = (patch: Partial<WizardAnswers>, next: Step) => {
    setAnswers((a) => ({ ...a, ...patch }));
    setProblem('');
    setStep(next);
  };

  useKeyHandler((_input, key) => {
    // The OAuth client steps go back through their own questions.
    if (!key.escape || step === 'testing' || step === 'oauth-client') return;
    const previous =
      step === 'address' && answers.preset?.id === 'other'
        ? 'port'
        : (step === 'folder' || step === 'failed') && answers.preset?.oauth
          ? 'oauth-client'
          : step === 'folder' && answers.passwordKind !== 'keyring'
            ? 'password-value'
            : PREVIOUS[step];
    if (previous) setStep(previous);
    else onCancel();
  });

  return { step, setStep, answers, problem, setProblem, update };
}
