// A minimal flood on ns-3's event core, for `npm run bench:peers`: the same edge list,
// the same rule as castsim's broadcast flood (first receipt forwards to every neighbour
// except the sender), events = message arrivals, no network stack. Built against
// Debian's libns3-dev by bench/peers.mjs.
//   ns3-flood EDGES.txt [map|heap|calendar]    (map is ns-3's default scheduler)
#include "ns3/core-module.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

using namespace ns3;

static std::vector<int32_t> offsets, targets;
static std::vector<int64_t> delayNs; // per half-edge
static std::vector<uint8_t> seen;
static uint64_t arrivals = 0;

static void Arrive(int32_t node, int32_t from);

static void Forward(int32_t node, int32_t from)
{
    for (int32_t k = offsets[node]; k < offsets[node + 1]; k++)
    {
        if (targets[k] == from) continue;
        Simulator::Schedule(NanoSeconds(delayNs[k]), &Arrive, targets[k], node);
    }
}

static void Arrive(int32_t node, int32_t from)
{
    arrivals++;
    if (seen[node]) return;
    seen[node] = 1;
    Forward(node, from);
}

int main(int argc, char** argv)
{
    if (argc < 2) { std::fprintf(stderr, "usage: ns3-flood EDGES.txt [map|heap|calendar]\n"); return 2; }
    std::string sched = argc > 2 ? argv[2] : "map";
    FILE* f = std::fopen(argv[1], "rb");
    if (!f) { std::perror(argv[1]); return 2; }
    std::fseek(f, 0, SEEK_END);
    long size = std::ftell(f);
    std::fseek(f, 0, SEEK_SET);
    std::vector<char> text(size + 1);
    if (std::fread(text.data(), 1, size, f) != (size_t)size) { std::perror("read"); return 2; }
    text[size] = 0;
    std::fclose(f);

    std::vector<int32_t> us, vs;
    std::vector<int64_t> lat;
    int32_t maxId = -1;
    for (char* p = text.data(); *p;)
    {
        char* eol = std::strchr(p, '\n');
        if (!eol) eol = p + std::strlen(p);
        if (*p != '#' && p != eol)
        {
            char* q;
            long u = std::strtol(p, &q, 10);
            long v = std::strtol(q, &q, 10);
            double ms = std::strtod(q, &q);
            us.push_back((int32_t)u); vs.push_back((int32_t)v);
            lat.push_back((int64_t)(ms * 1e6 + 0.5));
            if (u > maxId) maxId = (int32_t)u;
            if (v > maxId) maxId = (int32_t)v;
        }
        p = *eol ? eol + 1 : eol;
    }
    int32_t n = maxId + 1;
    offsets.assign(n + 1, 0);
    for (size_t i = 0; i < us.size(); i++) { offsets[us[i] + 1]++; offsets[vs[i] + 1]++; }
    for (int32_t v = 0; v < n; v++) offsets[v + 1] += offsets[v];
    targets.resize(offsets[n]); delayNs.resize(offsets[n]);
    std::vector<int32_t> fill(offsets.begin(), offsets.end() - 1);
    for (size_t i = 0; i < us.size(); i++)
    {
        targets[fill[us[i]]] = vs[i]; delayNs[fill[us[i]]++] = lat[i];
        targets[fill[vs[i]]] = us[i]; delayNs[fill[vs[i]]++] = lat[i];
    }
    seen.assign(n, 0);

    ObjectFactory factory;
    factory.SetTypeId(sched == "heap" ? "ns3::HeapScheduler" : sched == "calendar" ? "ns3::CalendarScheduler" : "ns3::MapScheduler");
    Simulator::SetScheduler(factory);
    seen[0] = 1;
    Forward(0, -1);
    Simulator::Run();
    double end = Simulator::Now().GetSeconds() * 1e3;
    Simulator::Destroy();
    int32_t reached = 0;
    for (int32_t v = 0; v < n; v++) reached += seen[v];
    std::printf("{\"tool\":\"ns-3 %s\",\"nodes\":%d,\"links\":%zu,\"arrivals\":%llu,\"reached\":%d,\"endMs\":%.3f}\n",
        sched.c_str(), n, us.size(), (unsigned long long)arrivals, reached, end);
    return 0;
}
