import type { KnowledgeArticle } from '../domain/knowledge';
import { tokenize } from './text';

export interface RankedArticle {
  article: KnowledgeArticle;
  score: number;
}

const K1 = 1.2;
const B = 0.75;

interface IndexedArticle {
  article: KnowledgeArticle;
  frequencies: Map<string, number>;
  length: number;
}

/** BM25 over the title (counted twice), tags and body of each article. */
export class KnowledgeIndex {
  private readonly indexed: IndexedArticle[];
  private readonly documentFrequency = new Map<string, number>();
  private readonly averageLength: number;

  constructor(articles: KnowledgeArticle[]) {
    this.indexed = articles.map((article) => {
      const terms = [...tokenize(article.title), ...tokenize(article.title), ...article.tags.flatMap(tokenize), ...tokenize(article.body)];
      const frequencies = new Map<string, number>();
      for (const term of terms) frequencies.set(term, (frequencies.get(term) ?? 0) + 1);
      for (const term of frequencies.keys()) this.documentFrequency.set(term, (this.documentFrequency.get(term) ?? 0) + 1);
      return { article, frequencies, length: terms.length };
    });
    this.averageLength = this.indexed.reduce((sum, doc) => sum + doc.length, 0) / Math.max(1, this.indexed.length);
  }

  search(query: string, { limit = 3, minScore = 0.5 }: { limit?: number; minScore?: number } = {}): RankedArticle[] {
    const queryTerms = [...new Set(tokenize(query))];
    const n = this.indexed.length;
    return this.indexed
      .map((doc) => {
        let score = 0;
        for (const term of queryTerms) {
          const tf = doc.frequencies.get(term);
          if (!tf) continue;
          const df = this.documentFrequency.get(term) ?? 0;
          const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
          score += (idf * tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * doc.length) / this.averageLength));
        }
        return { article: doc.article, score };
      })
      .filter((ranked) => ranked.score >= minScore)
      .sort((a, b) => b.score - a.score || a.article.id.localeCompare(b.article.id))
      .slice(0, limit);
  }
}
