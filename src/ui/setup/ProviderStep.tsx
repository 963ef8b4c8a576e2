// The wizard's first question: which mail provider (the OAuth ones only when a sign-in is offered).
import { Text } from 'ink';
import { PRESETS, type Preset } from '../../config/presets.js';
import { ChoiceList } from './ChoiceList.js';

export interface ProviderStepProps {
  /** Whether the OAuth presets (Google, Microsoft) are offered. */
  offerOAuth: boolean;
  initial: Preset | undefined;
  onSelect: (preset: Preset) => void;
}

export function ProviderStep({ offerOAuth, initial, onSelect }: ProviderStepProps) {
  return (
    <>
      <Text>Which mail provider?</Text>
      <ChoiceList
        choices={PRESETS.filter((p) => p.oauth === undefined || offerOAuth).map((p) => ({
          value: p,
          label: p.id === 'other' ? p.label : `${p.label} (${p.host})`,
        }))}
        initial={initial}
        same={(a, b) => a.id === b.id}
        onSelect={onSelect}
      />
    </>
  );
}
