import { Checkbox, Radio, Select } from 'antd';
import type { GetProps, RadioGroupProps, SelectProps } from 'antd';
import type { AriaAttributes } from 'react';

// Ant Design's Form.Item gives its control `aria-required` when a rule requires it. On a Radio.Group, a
// Checkbox.Group and a Select it lands on a plain <div> with no role, where ARIA does not allow it (axe: aria-allowed-attr,
// critical), and screen readers ignore it. These two keep the meaning where ARIA allows it.

type Required = Pick<AriaAttributes, 'aria-required'>;

/**
 * A radio group that is an ARIA `radiogroup`, the role `aria-required` belongs to: the wrapper carries the
 * role and the required state, the Ant Design group inside keeps everything else (value, id, errors).
 */
export function FieldRadioGroup({ 'aria-required': required, ...props }: RadioGroupProps & Required) {
  return (
    <div role="radiogroup" aria-required={required} style={{ display: 'inline-block' }}>
      <Radio.Group {...props} />
    </div>
  );
}

/**
 * A select whose required state is left to its label's mark and the validation message: the combobox input
 * Ant Design renders inside takes no ARIA attributes from outside, and its root <div> may not carry them.
 */
export function FieldSelect<V = unknown>({
  'aria-required': _required,
  ...props
}: SelectProps<V> & Required) {
  return <Select<V> {...props} />;
}

type CheckboxGroupProps = GetProps<typeof Checkbox.Group>;

/**
 * A checkbox group: ARIA has no required state for a set of checkboxes (a `group` may not carry it), so the
 * label's mark and the validation message say it, as for the select.
 */
export function FieldCheckboxGroup({ 'aria-required': _required, ...props }: CheckboxGroupProps & Required) {
  return <Checkbox.Group {...props} />;
}
