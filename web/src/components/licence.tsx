import { Badge } from './ui';

const CLASSES: Record<string, { label: string; tone: 'good' | 'info' | 'warn' | 'bad'; help: string }> = {
  ALLOWED: { label: 'Commercial fabrication allowed', tone: 'good', help: 'Anyone may make and sell it.' },
  ATTRIBUTION_REQUIRED: { label: 'Commercial, with attribution', tone: 'good', help: 'Make and sell it, crediting the designers.' },
  SHARE_ALIKE: { label: 'Commercial, share-alike', tone: 'info', help: 'Make and sell it; changes must be shared under the same licence.' },
  NON_COMMERCIAL_ONLY: { label: 'Non-commercial only', tone: 'warn', help: 'Fabrication for sale is not allowed.' },
  NOT_ALLOWED: { label: 'Fabrication not licensed', tone: 'bad', help: 'The licence does not allow others to make it.' },
};

export function LicenceBadges({
  license,
  licenseClass,
}: {
  license: { hardware: string; software?: string | null; documentation?: string | null };
  licenseClass: string;
}) {
  const c = CLASSES[licenseClass] ?? { label: licenseClass, tone: 'info' as const, help: '' };
  return (
    <span className="badges">
      <Badge tone="neutral" title="Hardware licence (SPDX)">
        {license.hardware}
      </Badge>
      {license.software && <Badge title="Software licence">{license.software}</Badge>}
      {license.documentation && <Badge title="Documentation licence">{license.documentation}</Badge>}
      <Badge tone={c.tone} title={c.help}>
        {c.label}
      </Badge>
    </span>
  );
}

export const LICENCE_CLASSES = Object.entries(CLASSES).map(([value, c]) => ({ value, label: c.label }));
