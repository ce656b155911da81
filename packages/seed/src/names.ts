/**
 * Names for demo data. The district and its streets are Wuchang's (the seed text's district); codes and
 * communities are made up and say so (codes start with the district's code, numbered in order).
 */
export const DISTRICT = { code: '420106', name: '武昌区' };

export const STREETS = [
  '积玉桥街道',
  '杨园街道',
  '徐家棚街道',
  '粮道街道',
  '中华路街道',
  '黄鹤楼街道',
  '紫阳街道',
  '白沙洲街道',
  '首义路街道',
  '中南路街道',
  '水果湖街道',
  '珞珈山街道',
  '石洞街道',
  '南湖街道',
] as const;

const COMMUNITY_STEMS = [
  '和平',
  '友谊',
  '幸福',
  '新村',
  '东亭',
  '武车',
  '电力',
  '湖光',
  '紫阳',
  '首义',
  '南湖',
  '晒湖',
  '丁字桥',
  '傅家坡',
  '水陆',
  '复兴',
  '三层楼',
  '万达',
  '积玉',
  '余家头',
];
export const communityName = (i: number) =>
  `${COMMUNITY_STEMS[i % COMMUNITY_STEMS.length]}${i >= COMMUNITY_STEMS.length ? Math.floor(i / COMMUNITY_STEMS.length) + 1 : ''}社区`;

export const SURNAMES = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '黄',
  '赵',
  '吴',
  '周',
  '徐',
  '孙',
  '马',
  '朱',
  '胡',
  '郭',
  '何',
  '高',
  '林',
  '罗',
];
export const GIVEN = [
  '伟',
  '芳',
  '娜',
  '敏',
  '静',
  '丽',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
  '秀英',
  '霞',
  '平',
  '刚',
  '桂英',
];

export const ORG_WORDS = ['邻里', '阳光', '同心', '暖阳', '益家', '红枫', '晨曦', '仁爱', '微光', '绿荫'];
export const ORG_KINDS = [
  '社会工作服务中心',
  '志愿者协会',
  '养老服务中心',
  '青少年服务社',
  '公益发展中心',
  '文体协会',
];
