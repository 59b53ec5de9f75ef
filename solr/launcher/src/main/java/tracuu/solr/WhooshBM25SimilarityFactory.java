package tracuu.solr;

import java.util.Arrays;

import org.apache.lucene.index.FieldInvertState;
import org.apache.lucene.search.CollectionStatistics;
import org.apache.lucene.search.TermStatistics;
import org.apache.lucene.search.similarities.Similarity;
import org.apache.solr.common.params.SolrParams;
import org.apache.solr.schema.SimilarityFactory;

/**
 * BM25 as Whoosh's BM25F computes it, so the Solr backend ranks our queries as the Whoosh one does.
 *
 * <p>Differences from Lucene's BM25, each Whoosh's way: the idf is {@code log(N / (df + 1)) + 1} over
 * every document (Lucene's {@code log(1 + (N - df + 0.5) / (df + 0.5))} weighs common words far less);
 * the score keeps the {@code (k1 + 1)} factor, which matters beside constant-score parts of a query
 * (a document's own number, its date); a field's length counts every token, a syllable and its word
 * at one position both, and is kept as Whoosh keeps it (one byte, rounded up to Whoosh's table of
 * lengths); the average length divides by every document, not only those holding the field.
 *
 * <p>Parameters {@code k1} (default 1.2) and {@code b} (default 0.75), as a field type's similarity.
 */
public final class WhooshBM25SimilarityFactory extends SimilarityFactory {
    private float k1 = 1.2f;
    private float b = 0.75f;

    @Override
    public void init(SolrParams params) {
        super.init(params);
        k1 = params.getFloat("k1", k1);
        b = params.getFloat("b", b);
    }

    @Override
    public Similarity getSimilarity() {
        return new WhooshBM25(k1, b);
    }

    /** whoosh.util.numeric._length_byte_cache: the length each stored byte stands for. */
    static final int[] LENGTHS = {
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 13, 14, 16, 17,
        18, 20, 21, 23, 25, 26, 28, 30, 32, 34, 36, 38, 40, 42, 45, 47,
        49, 52, 54, 57, 60, 63, 66, 69, 72, 75, 79, 82, 86, 89, 93, 97,
        101, 106, 110, 114, 119, 124, 129, 134, 139, 145, 150, 156, 162, 169, 175, 182,
        189, 196, 203, 211, 219, 227, 235, 244, 253, 262, 271, 281, 291, 302, 313, 324,
        336, 348, 360, 373, 386, 399, 414, 428, 443, 459, 475, 491, 508, 526, 544, 563,
        583, 603, 623, 645, 667, 690, 714, 738, 763, 789, 816, 844, 873, 903, 933, 965,
        998, 1032, 1066, 1103, 1140, 1178, 1218, 1259, 1302, 1345, 1391, 1438, 1486, 1536, 1587, 1641,
        1696, 1753, 1811, 1872, 1935, 1999, 2066, 2135, 2207, 2280, 2356, 2435, 2516, 2600, 2687, 2777,
        2869, 2965, 3063, 3165, 3271, 3380, 3492, 3608, 3728, 3852, 3980, 4112, 4249, 4390, 4536, 4686,
        4842, 5002, 5168, 5340, 5517, 5700, 5889, 6084, 6286, 6494, 6709, 6932, 7161, 7398, 7643, 7897,
        8158, 8428, 8707, 8995, 9293, 9601, 9918, 10247, 10586, 10936, 11298, 11671, 12057, 12456, 12868, 13294,
        13733, 14187, 14656, 15141, 15641, 16159, 16693, 17244, 17814, 18403, 19011, 19640, 20289, 20959, 21652, 22367,
        23106, 23869, 24658, 25472, 26314, 27183, 28081, 29009, 29967, 30957, 31979, 33035, 34126, 35254, 36418, 37620,
        38863, 40146, 41472, 42841, 44256, 45717, 47227, 48786, 50397, 52061, 53780, 55556, 57390, 59285, 61242, 63264,
        65352, 67510, 69739, 72041, 74419, 76876, 79414, 82035, 84743, 87541, 90430, 93416, 96499, 99684, 102975, 106374,
    };

    /** Whoosh's length_to_byte: the first byte whose length is at least {@code length}. */
    static int lengthByte(int length) {
        if (length >= 106374) {
            return 255;
        }
        int at = Arrays.binarySearch(LENGTHS, length);
        return at >= 0 ? at : -at - 1;
    }

    static final class WhooshBM25 extends Similarity {
        private final float k1;
        private final float b;

        WhooshBM25(float k1, float b) {
            this.k1 = k1;
            this.b = b;
        }

        /** The length byte plus one (a norm of 0 would read as no norm). */
        @Override
        public long computeNorm(FieldInvertState state) {
            return lengthByte(state.getLength()) + 1;
        }

        @Override
        public SimScorer scorer(float boost, CollectionStatistics collection, TermStatistics... terms) {
            double idf = 0;
            for (TermStatistics term : terms) {
                idf += Math.log((double) collection.maxDoc() / (term.docFreq() + 1)) + 1.0;
            }
            double average = collection.sumTotalTermFreq() / (double) collection.maxDoc();
            return new Scorer(boost * idf, average > 0 ? average : 1.0, k1, b);
        }

        @Override
        public String toString() {
            return "WhooshBM25(k1=" + k1 + ",b=" + b + ")";
        }
    }

    static final class Scorer extends Similarity.SimScorer {
        private final float[] cache = new float[257];  // k1 * ((1 - b) + b * length / average) by norm
        private final double weight;
        private final float k1;

        Scorer(double weight, double average, float k1, float b) {
            this.weight = weight;
            this.k1 = k1;
            cache[0] = k1 * (1 - b);  // no norm: Whoosh scores an unknown length as 0
            for (int norm = 1; norm < cache.length; norm++) {
                cache[norm] = (float) (k1 * ((1 - b) + b * LENGTHS[norm - 1] / average));
            }
        }

        @Override
        public float score(float freq, long norm) {
            return (float) (weight * (freq * (k1 + 1)) / (freq + cache[(int) norm]));
        }
    }
}
