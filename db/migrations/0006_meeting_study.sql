-- 0006: a township has no 政府常务会议 (地方组织法 Art.77-78): the training kind is 会前学法 (镇长办公会 or
-- 党政联席会议), counted with no target; installed templates' rules follow the new word.
UPDATE training SET kind = '会前学法' WHERE kind = '政府常务会议学法';
UPDATE template SET rules = replace(rules, '政府常务会议学法', '会前学法') WHERE rules LIKE '%政府常务会议学法%';
