// What each role's home page shows. Cards without data yet are filled by later features
// (registry, applications, orders, money); their text says what will appear.
import type { Role } from '../../../core/roles.js';

/** `link`: the page that holds it, once that page exists; cards without one say what will come. */
export interface HomeCard {
  title: string;
  note: string;
  link?: string;
}

export const HOME_CARDS: Record<Role, HomeCard[]> = {
  district_admin: [
    { title: '待审批申请', link: '/applications', note: '街道审核通过、待区民政局审批的服务申请' },
    { title: '本月结算', note: '服务机构结算单的审核与拨付' },
    { title: '政策与补贴', link: '/policies', note: '各项目的年度标准与生效日期' },
  ],
  street_staff: [
    { title: '待审核申请', link: '/applications', note: '社区上报、待街道审核的申请（10 个工作日内）' },
    { title: '服务券兑付', note: '服务机构到街道兑付的服务券' },
    { title: '本月走访', note: '街道每月走访的服务对象' },
  ],
  community_worker: [
    { title: '老人档案', link: '/elders', note: '本社区老人的档案、类别与能力评估' },
    { title: '待办申请', link: '/applications', note: '入户调查（3 个工作日）与公示（5 天）' },
    { title: '本周走访', note: '社区每周走访的服务对象' },
  ],
  operator: [
    { title: '来电弹屏', note: '来电号码匹配的老人档案' },
    { title: '待派工单', note: '尚未派出或被拒单的工单' },
    { title: '待回访', note: '昨日完成、待电话回访的工单' },
  ],
  provider_admin: [
    { title: '本机构工单', note: '服务区域内派给本机构的工单' },
    { title: '服务人员', link: '/caregivers', note: '本机构服务人员与证书到期提醒' },
    { title: '结算单', note: '本机构每月结算单' },
  ],
  caregiver: [
    { title: '我的工单', link: '/my-orders', note: '派给我的服务工单' },
    { title: '签到签退', link: '/my-orders', note: '到达与离开老人家时签到、签退' },
  ],
  nursing_home_admin: [
    { title: '服务目录', link: '/catalogue', note: '区统一的服务项目、内容与价格' },
    { title: '政策标准', link: '/policies', note: '特困供养、护理补贴等各项目的标准与历年版本' },
  ],
  auditor: [
    { title: '审计日志', link: '/audit', note: '所有写操作与个人信息查看记录' },
    { title: '个人信息查看', note: '完整身份证号、电话的查看记录' },
  ],
};
