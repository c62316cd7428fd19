// Reference: LEMON min-cost flow on the compact mentee x mentor graph.
// Usage: lemon_runner FILE (network-simplex|cost-scaling); prints {"total", "matched", "ms"}; ms covers run() only.
// Network: each mentee supplies 1 unit to a sink; mentee->mentor arcs (capacity 1, cost -score),
// mentee->sink (capacity 1, cost 0: stays unmatched), mentor->sink (capacity = mentor capacity, cost 0).
#include <lemon/cost_scaling.h>
#include <lemon/network_simplex.h>
#include <lemon/smart_graph.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <vector>

using namespace lemon;
typedef SmartDigraph Graph;

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: lemon_runner FILE network-simplex|cost-scaling\n");
    return 2;
  }
  FILE* f = std::fopen(argv[1], "rb");
  if (!f) return 2;
  int header[3];
  if (std::fread(header, 4, 3, f) != 3) return 2;
  const int n = header[0], m = header[1], arcs = header[2];
  std::vector<int> capacity(m), arcStart(n + 1), arcMentor(arcs), arcScore(arcs);
  if (std::fread(capacity.data(), 4, m, f) != (size_t)m) return 2;
  if (std::fread(arcStart.data(), 4, n + 1, f) != (size_t)n + 1) return 2;
  if (std::fread(arcMentor.data(), 4, arcs, f) != (size_t)arcs) return 2;
  if (std::fread(arcScore.data(), 4, arcs, f) != (size_t)arcs) return 2;
  std::fclose(f);

  Graph g;
  g.reserveNode(n + m + 1);
  g.reserveArc(arcs + n + m);
  std::vector<Graph::Node> mentee(n), mentor(m);
  for (int i = 0; i < n; i++) mentee[i] = g.addNode();
  for (int j = 0; j < m; j++) mentor[j] = g.addNode();
  Graph::Node sink = g.addNode();
  Graph::ArcMap<long long> cost(g);
  Graph::ArcMap<int> cap(g);
  Graph::NodeMap<int> supply(g, 0);
  std::vector<Graph::Arc> pairArc(arcs);
  for (int i = 0; i < n; i++) {
    supply[mentee[i]] = 1;
    for (int a = arcStart[i]; a < arcStart[i + 1]; a++) {
      Graph::Arc e = g.addArc(mentee[i], mentor[arcMentor[a]]);
      cost[e] = -(long long)arcScore[a];
      cap[e] = 1;
      pairArc[a] = e;
    }
    Graph::Arc e = g.addArc(mentee[i], sink);
    cost[e] = 0;
    cap[e] = 1;
  }
  for (int j = 0; j < m; j++) {
    Graph::Arc e = g.addArc(mentor[j], sink);
    cost[e] = 0;
    cap[e] = capacity[j];
  }
  supply[sink] = -n;

  long long total = 0;
  int matched = 0;
  auto started = std::chrono::steady_clock::now();
  bool ok;
  if (std::strcmp(argv[2], "network-simplex") == 0) {
    NetworkSimplex<Graph, int, long long> solver(g);
    solver.upperMap(cap).costMap(cost).supplyMap(supply);
    ok = solver.run() == NetworkSimplex<Graph, int, long long>::OPTIMAL;
    auto ended = std::chrono::steady_clock::now();
    for (int a = 0; a < arcs; a++)
      if (solver.flow(pairArc[a]) > 0) total += arcScore[a], matched++;
    std::printf("{\"total\": %lld, \"matched\": %d, \"ms\": %.3f}\n", total, matched,
                std::chrono::duration<double, std::milli>(ended - started).count());
  } else {
    CostScaling<Graph, int, long long> solver(g);
    solver.upperMap(cap).costMap(cost).supplyMap(supply);
    ok = solver.run() == CostScaling<Graph, int, long long>::OPTIMAL;
    auto ended = std::chrono::steady_clock::now();
    for (int a = 0; a < arcs; a++)
      if (solver.flow(pairArc[a]) > 0) total += arcScore[a], matched++;
    std::printf("{\"total\": %lld, \"matched\": %d, \"ms\": %.3f}\n", total, matched,
                std::chrono::duration<double, std::milli>(ended - started).count());
  }
  return ok ? 0 : 1;
}
