import type { KnowledgeArticle } from '../domain/knowledge';
import type { Queryable } from './queryable';

/** The kb_articles table: the knowledge base the bot answers from. */

export async function listArticles(db: Queryable, locale: KnowledgeArticle['locale']): Promise<KnowledgeArticle[]> {
  const result = await db.query<KnowledgeArticle>('select id, locale, title, body, tags from kb_articles where locale = $1 order by id', [locale]);
  return result.rows;
}

export async function saveArticles(db: Queryable, articles: KnowledgeArticle[]): Promise<void> {
  for (const article of articles) {
    await db.query(
      `insert into kb_articles (id, locale, title, body, tags) values ($1, $2, $3, $4, $5)
       on conflict (id) do update set locale = excluded.locale, title = excluded.title, body = excluded.body,
         tags = excluded.tags, updated_at = now()`,
      [article.id, article.locale, article.title, article.body, article.tags],
    );
  }
}

export async function getArticle(db: Queryable, id: string): Promise<KnowledgeArticle | null> {
  const result = await db.query<KnowledgeArticle>('select id, locale, title, body, tags from kb_articles where id = $1', [id]);
  return result.rows[0] ?? null;
}
