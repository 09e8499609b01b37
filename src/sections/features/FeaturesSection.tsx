import { NotBuiltYet, Section } from '../../app/Section';

/** Cell 4. */
export function FeaturesSection() {
  return (
    <Section id="features" number={4} title="Features" status="empty">
      <NotBuiltYet what="per-column treatments (one-hot, embeddings) and the encoded preview" />
    </Section>
  );
}
