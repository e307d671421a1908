/** An article of the knowledge base the bot answers from and the brief cites. */
export interface KnowledgeArticle {
  id: string;
  locale: 'zh-CN' | 'en';
  title: string;
  body: string;
  tags: string[];
}
