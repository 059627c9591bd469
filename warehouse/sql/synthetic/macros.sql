-- Shared shapes of the synthetic data: company j sits in one of 31 provinces × 12 prefectures × 8
-- counties (2,976 divisions); laws are national laws plus each province's own regulations; facts
-- are 60 to ~1,800 characters of varied clauses, median ~300 (real decisions' 违法事实 run from a line to pages).
CREATE OR REPLACE TEMP MACRO syn_province(j) AS
    ['北京市', '天津市', '河北省', '山西省', '内蒙古自治区', '辽宁省', '吉林省', '黑龙江省', '上海市', '江苏省',
     '浙江省', '安徽省', '福建省', '江西省', '山东省', '河南省', '湖北省', '湖南省', '广东省', '广西壮族自治区',
     '海南省', '重庆市', '四川省', '贵州省', '云南省', '西藏自治区', '陕西省', '甘肃省', '青海省', '宁夏回族自治区',
     '新疆维吾尔自治区'][1 + j % 31];
CREATE OR REPLACE TEMP MACRO syn_province_code(j) AS
    [11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62,
     63, 64, 65][1 + j % 31];
CREATE OR REPLACE TEMP MACRO syn_city(j) AS
    ['苏州市', '宁波市', '东莞市', '潍坊市', '唐山市', '娄底市', '成都市', '厦门市', '洛阳市', '柳州市', '遵义市',
     '榆林市'][1 + (j // 31) % 12];
CREATE OR REPLACE TEMP MACRO syn_county(j) AS
    ['东城区', '西湖区', '南山区', '北塘区', '新华区', '高新区', '长安区', '江宁区'][1 + (j // 372) % 8];
CREATE OR REPLACE TEMP MACRO syn_division(j) AS
    lpad(syn_province_code(j)::VARCHAR, 2, '0') || lpad((1 + (j // 31) % 12)::VARCHAR, 2, '0')
    || lpad((1 + (j // 372) % 8)::VARCHAR, 2, '0');
CREATE OR REPLACE TEMP MACRO syn_law(j, k) AS
    CASE WHEN (j + k) % 3 = 0
        THEN '《' || replace(replace(syn_province(j), '省', ''), '市', '')
             || ['大气污染防治条例', '水污染防治条例', '环境保护条例', '固体废物污染环境防治条例',
                 '扬尘污染防治管理规定', '噪声污染防治条例'][1 + (j + k) % 6] || '》'
        ELSE ['《中华人民共和国环境保护法》', '《中华人民共和国大气污染防治法》', '《中华人民共和国水污染防治法》',
              '《中华人民共和国环境影响评价法》', '《中华人民共和国固体废物污染环境防治法》',
              '《中华人民共和国噪声污染防治法》', '《中华人民共和国土壤污染防治法》', '《建设项目环境保护管理条例》',
              '《排污许可管理条例》', '《中华人民共和国海洋环境保护法》', '《畜禽规模养殖污染防治条例》',
              '《生态环境行政处罚办法》'][1 + (j * 7 + k) % 12]
    END;
CREATE OR REPLACE TEMP MACRO syn_facts(d, party, day) AS
    '经查，' || party || '于' || day || '被我局执法人员现场检查发现：'
    || array_to_string([
        ['其废水总排口化学需氧量浓度为', '其废气排放口颗粒物浓度为', '其氨氮排放浓度为', '其二氧化硫排放浓度为',
         '其挥发性有机物排放浓度为', '危险废物贮存场所未设置识别标志，贮存量约', '配套污染防治设施未正常运行，累计',
         '未按规定安装自动监测设备，涉及排放口', '雨水排口检出高浓度污染物，监测值为', '厂区内堆放一般工业固体废物约',
         '噪声昼间监测值为', '未依法报批环境影响评价文件即开工建设，建设内容包括生产线'][1 + (d * 13 + x * 7) % 12]
        || ((d * 31 + x * 17) % 997)::VARCHAR
        || ['毫克/升', '毫克/立方米', '吨', '天', '个', '分贝', '条'][1 + (d + x) % 7]
        || '，超过' || ['《污水综合排放标准》', '《大气污染物综合排放标准》', '排污许可证载明的限值',
                       '地方标准', '《工业企业厂界环境噪声排放标准》'][1 + (d + x * 3) % 5]
        || ((d * x) % 9 + 1)::VARCHAR || '.' || (x % 10)::VARCHAR || '倍。'
        FOR x IN range(1 + (((hash(d) % 1000) / 1000.0) ^ 3 * 40)::INTEGER)
    ], '') || '以上事实有现场检查笔录、监测报告、调查询问笔录及照片等证据为证。';
