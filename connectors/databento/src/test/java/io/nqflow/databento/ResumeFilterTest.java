package io.nqflow.databento;

import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.dbn.Dbn;
import io.nqflow.dbn.DbnRecord;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResumeFilterTest {
  /** 12 MBO records, 3 per ts_event. */
  private final List<ByteBuffer> recs =
      LiveTestData.records(LiveTestData.generatedMboSession(12, 3));

  private DbnRecord rec(int i) {
    return DbnRecord.wrap(recs.get(i).array(), Dbn.VERSION, false);
  }

  private List<Integer> run(ResumeFilter f, int... indices) {
    List<Integer> delivered = new ArrayList<>();
    for (int i : indices) {
      DbnRecord r = rec(i);
      if (f.admit(r)) {
        f.delivered(r);
        delivered.add(i);
      }
    }
    return delivered;
  }

  @Test
  void outsideAResumeEverythingPassesEvenOutOfOrder() {
    ResumeFilter f = new ResumeFilter();
    assertThat(run(f, 0, 1, 3, 2, 4)).containsExactly(0, 1, 3, 2, 4);
    assertThat(f.lastTsEvent()).isEqualTo(rec(4).tsEvent());
  }

  @Test
  void aResumeDropsWhatWasDeliveredAtAndBeforeTheLastTimestamp() {
    ResumeFilter f = new ResumeFilter();
    assertThat(run(f, 0, 1, 2, 3, 4)).hasSize(5); // 3 and 4 share ts with 5
    f.beginResume();
    // the gateway replays from ts(3): 3, 4, 5, 6 ... (and, say, a stale 2)
    assertThat(run(f, 2, 3, 4, 5, 6, 7)).containsExactly(5, 6, 7);
    assertThat(f.resuming()).isFalse();
  }

  @Test
  void theReplayIsAMultisetSoARepeatedIdenticalRecordIsStillDeliveredOnce() {
    ResumeFilter f = new ResumeFilter();
    assertThat(run(f, 3, 3)).containsExactly(3, 3); // two identical records at one timestamp
    f.beginResume();
    assertThat(run(f, 3, 3, 3, 4)).containsExactly(3, 4); // a third copy is new
  }

  @Test
  void aResumeWithNothingDeliveredFiltersNothing() {
    ResumeFilter f = new ResumeFilter();
    f.beginResume();
    assertThat(f.resuming()).isFalse();
    assertThat(run(f, 0, 1)).containsExactly(0, 1);
  }
}
