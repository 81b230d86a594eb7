/**
 * The strings of the attribute-filter row (AttributeFilters.tsx), shared by Analysis and
 * Retrieval; merged into the catalogues like a feature's messages (same keys in both).
 */
export const attributeFiltersEn = {
  'attributeFilters.add': '+ Filter',
  'attributeFilters.addHint': 'Add a filter on an attribute (year ≥ 2022, province = Zhejiang…)',
  'attributeFilters.noAttributes': 'The sources have no attributes to filter on yet.',
  'attributeFilters.attribute': 'Attribute',
  'attributeFilters.operator': 'Comparison',
  'attributeFilters.value': 'Value of {attribute}',
  'attributeFilters.remove': 'Remove this filter',
  'attributeFilters.incomplete': 'A filter without a valid value is not applied yet.',
  'attributeFilters.problem.number': 'This attribute holds numbers: write a number such as 2019.',
  'attributeFilters.problem.date': 'This attribute holds dates: write one as YYYY-MM-DD.',
} as const;

export const attributeFiltersZhCN: Readonly<Record<keyof typeof attributeFiltersEn, string>> = {
  'attributeFilters.add': '+ 筛选',
  'attributeFilters.addHint': '按属性添加筛选（年份 ≥ 2022、省份 = 浙江……）',
  'attributeFilters.noAttributes': '资料还没有可供筛选的属性。',
  'attributeFilters.attribute': '属性',
  'attributeFilters.operator': '比较',
  'attributeFilters.value': '{attribute} 的值',
  'attributeFilters.remove': '删除此筛选',
  'attributeFilters.incomplete': '没有有效值的筛选暂不生效。',
  'attributeFilters.problem.number': '此属性是数字：请写数字，如 2019。',
  'attributeFilters.problem.date': '此属性是日期：请按 YYYY-MM-DD 书写。',
};
