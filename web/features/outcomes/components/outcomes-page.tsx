export function OutcomesPage() {
  return <p>Outcomes</p>;
}
