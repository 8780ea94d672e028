// The words of a provider's registration changes and of archived documents, for the pages.
import type { ProviderChangeDto } from '../../../shared/schemas/providers.js';

export const CHANGE_STATE_LABELS: Record<ProviderChangeDto['state'], string> = {
  pending: '待审核',
  approved: '已批准',
  rejected: '已驳回',
  withdrawn: '已撤回',
};
export const CHANGE_STATE_COLORS: Record<ProviderChangeDto['state'], string> = {
  pending: 'gold',
  approved: 'green',
  rejected: 'red',
  withdrawn: 'default',
};

export const CHANGE_TEXT = {
  pendingTag: '变更待审',
  pendingFilter: '有待审变更',
  noPendingFilter: '无待审变更',
  filterPlaceholder: '登记变更',
  pendingTitle: (who: string, when: string) => `登记信息变更待审核（${who} 于 ${when} 提交），批准后生效`,
  ownChange: '这是您提交的变更，须由区里另一位审核人员审核',
  approve: '批准',
  reject: '驳回',
  withdraw: '撤回',
  approveTitle: '批准登记信息变更',
  rejectTitle: '驳回登记信息变更',
  withdrawTitle: '撤回这项登记信息变更？',
  withdrawn: '已撤回变更申请',
  approved: '变更已批准并生效',
  rejected: '变更已驳回',
  noteLabel: '审核意见',
  noteRequired: '请填写审核意见',
  history: '登记信息变更记录',
  submitted: '名称、统一社会信用代码等登记信息的变更已提交区级审核，批准后生效',
  editHint:
    '本机构已通过审核：名称、统一社会信用代码、法定代表人和类型的变更须经区级审核，批准后生效；联系人、电话、地址和简介保存即生效。',
} as const;

export const ARCHIVE_TEXT = {
  action: '归档',
  section: '已归档',
  reasonLabel: '归档原因',
  reasonRequired: '请填写归档原因',
  reasonMin: '归档原因至少 2 个字',
  licenceTitle: (name: string) => `归档证照「${name}」`,
  certificateTitle: (name: string) => `归档证书「${name}」`,
  explain:
    '归档后该证件留档备查（记录归档人、时间和原因），不再计入有效证件、到期提醒和派单条件；归档不可撤销，如需恢复请重新登记。',
  done: '已归档',
  archivedAt: '归档时间',
  archivedBy: '归档人',
} as const;
