//! Boundaries simplified to the size they are drawn at. The shapes of a force area share
//! their edges (two LSOAs, an LSOA and its local authority), so each shared stretch of
//! boundary (an arc, between the points where the set of shapes meeting there changes) is
//! simplified once and used by every shape along it: neighbours keep meeting exactly, with no
//! slivers or gaps. Douglas-Peucker keeps every dropped point within the tolerance of the line
//! that replaces it, which is the visual error at the drawn scale.

use std::collections::HashMap;

type Point = (i64, i64);
type Ring = Vec<Point>;

/// Reads SVG path data of moves, lines and closes (absolute or relative) into closed rings,
/// rounded to whole units of the map.
pub fn rings(path: &str) -> Vec<Ring> {
    let mut out = Vec::new();
    let mut ring: Ring = Vec::new();
    let (mut x, mut y) = (0.0_f64, 0.0_f64);
    let mut cmd = 'M';
    let mut pending: Option<f64> = None;
    let finish = |ring: &mut Ring, out: &mut Vec<Ring>| {
        if ring.len() > 1 && ring.first() == ring.last() {
            ring.pop();
        }
        if ring.len() >= 3 {
            out.push(std::mem::take(ring));
        } else {
            ring.clear();
        }
    };
    for token in tokens(path) {
        match token {
            Token::Command(c) => {
                if matches!(c, 'Z' | 'z') {
                    finish(&mut ring, &mut out);
                }
                cmd = c;
                pending = None;
            }
            Token::Number(n) => {
                let Some(a) = pending.take() else {
                    pending = Some(n);
                    continue;
                };
                match cmd {
                    'M' | 'm' => {
                        finish(&mut ring, &mut out);
                        (x, y) = if cmd == 'M' { (a, n) } else { (x + a, y + n) };
                        // Further pairs after a move are lines.
                        cmd = if cmd == 'M' { 'L' } else { 'l' };
                    }
                    'L' => (x, y) = (a, n),
                    'l' => (x, y) = (x + a, y + n),
                    _ => continue,
                }
                let p = (x.round() as i64, y.round() as i64);
                if ring.last() != Some(&p) {
                    ring.push(p);
                }
            }
        }
    }
    finish(&mut ring, &mut out);
    out
}

enum Token {
    Command(char),
    Number(f64),
}

fn tokens(path: &str) -> impl Iterator<Item = Token> + '_ {
    let mut rest = path;
    std::iter::from_fn(move || {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == ',');
        let c = rest.chars().next()?;
        if c.is_ascii_alphabetic() {
            rest = &rest[1..];
            return Some(Token::Command(c));
        }
        let end = rest
            .char_indices()
            .skip(1)
            .find(|(_, ch)| !(ch.is_ascii_digit() || *ch == '.'))
            .map_or(rest.len(), |(i, _)| i);
        let n = rest[..end].parse().unwrap_or(0.0);
        rest = &rest[end..];
        Some(Token::Number(n))
    })
}

/// Writes rings as compact SVG path data: relative lines, no space before a minus sign.
pub fn path(rings: &[Ring]) -> String {
    use std::fmt::Write;
    let mut s = String::new();
    for ring in rings {
        let (mut x, mut y) = ring[0];
        let _ = write!(s, "M{x} {y}l");
        for (i, &(px, py)) in ring[1..].iter().enumerate() {
            let (dx, dy) = (px - x, py - y);
            if i > 0 && dx >= 0 {
                s.push(' ');
            }
            let _ = write!(s, "{dx}");
            if dy >= 0 {
                s.push(' ');
            }
            let _ = write!(s, "{dy}");
            (x, y) = (px, py);
        }
        s.push('z');
    }
    s
}

/// Simplifies every shape's rings together, so that shared edges stay shared.
pub struct Simplifier {
    junctions: std::collections::HashSet<Point>,
    arcs: HashMap<Vec<Point>, Vec<Point>>,
    tolerance: f64,
}

impl Simplifier {
    /// `shapes` are all the rings that will be drawn together.
    pub fn new<'a>(shapes: impl IntoIterator<Item = &'a Ring>, tolerance: f64) -> Simplifier {
        // A point is a junction where the shapes through it do not all pass the same way.
        let mut seen: HashMap<Point, (Point, Point)> = HashMap::new();
        let mut junctions = std::collections::HashSet::new();
        for ring in shapes {
            let n = ring.len();
            for (k, &p) in ring.iter().enumerate() {
                let (a, b) = (ring[(k + n - 1) % n], ring[(k + 1) % n]);
                let pair = if a <= b { (a, b) } else { (b, a) };
                if *seen.entry(p).or_insert(pair) != pair {
                    junctions.insert(p);
                }
            }
        }
        Simplifier {
            junctions,
            arcs: HashMap::new(),
            tolerance,
        }
    }

    pub fn ring(&mut self, ring: &Ring) -> Ring {
        let n = ring.len();
        let mut cuts: Vec<usize> = (0..n)
            .filter(|&k| self.junctions.contains(&ring[k]))
            .collect();
        if cuts.is_empty() {
            // A ring no other shape touches: cut at its least point and the point farthest
            // from it, which any shape drawing the same ring would choose alike.
            let first = (0..n).min_by_key(|&k| ring[k]).unwrap_or(0);
            let d2 = |k: usize| {
                let (a, b) = (ring[k], ring[first]);
                (a.0 - b.0).pow(2) + (a.1 - b.1).pow(2)
            };
            let far = (0..n).max_by_key(|&k| (d2(k), ring[k])).unwrap_or(0);
            cuts = vec![first.min(far), first.max(far)];
            cuts.dedup();
        }
        let mut out = Vec::new();
        for (i, &start) in cuts.iter().enumerate() {
            let end = cuts.get(i + 1).copied().unwrap_or(cuts[0] + n);
            let arc: Vec<Point> = (start..=end).map(|k| ring[k % n]).collect();
            let simple = self.arc(arc);
            out.extend_from_slice(&simple[..simple.len() - 1]);
        }
        out.dedup();
        if out.len() < 3 {
            // Too small to draw simplified: drawn as it is, over its collapsed neighbours.
            return ring.clone();
        }
        out
    }

    fn arc(&mut self, arc: Vec<Point>) -> Vec<Point> {
        let reversed = arc.last() < arc.first()
            || (arc.last() == arc.first() && arc.get(arc.len() - 2) < arc.get(1));
        let key: Vec<Point> = if reversed {
            arc.iter().rev().copied().collect()
        } else {
            arc
        };
        let tolerance = self.tolerance;
        let simple = self
            .arcs
            .entry(key)
            .or_insert_with_key(|k| douglas_peucker(k, tolerance));
        if reversed {
            simple.iter().rev().copied().collect()
        } else {
            simple.clone()
        }
    }
}

/// The points of `line` kept so that every dropped point lies within `tolerance` of the
/// segment between the kept points either side of it.
fn douglas_peucker(line: &[Point], tolerance: f64) -> Vec<Point> {
    let mut keep = vec![false; line.len()];
    keep[0] = true;
    keep[line.len() - 1] = true;
    let mut stack = vec![(0, line.len() - 1)];
    while let Some((a, b)) = stack.pop() {
        if b <= a + 1 {
            continue;
        }
        let (far, d) = (a + 1..b)
            .map(|k| (k, distance(line[k], line[a], line[b])))
            .fold((a, -1.0), |best, x| if x.1 > best.1 { x } else { best });
        if d > tolerance {
            keep[far] = true;
            stack.push((a, far));
            stack.push((far, b));
        }
    }
    line.iter()
        .zip(keep)
        .filter_map(|(p, k)| k.then_some(*p))
        .collect()
}

/// From `p` to the segment `a`-`b`.
pub fn distance(p: Point, a: Point, b: Point) -> f64 {
    let (px, py) = (p.0 as f64, p.1 as f64);
    let (ax, ay) = (a.0 as f64, a.1 as f64);
    let (dx, dy) = (b.0 as f64 - ax, b.1 as f64 - ay);
    let len2 = dx * dx + dy * dy;
    let t = if len2 == 0.0 {
        0.0
    } else {
        (((px - ax) * dx + (py - ay) * dy) / len2).clamp(0.0, 1.0)
    };
    ((px - ax - t * dx).powi(2) + (py - ay - t * dy).powi(2)).sqrt()
}

/// How far the simplified ring strays from the original: the largest distance from an
/// original point to the simplified outline.
pub fn deviation(original: &Ring, simple: &Ring) -> f64 {
    original
        .iter()
        .map(|&p| {
            (0..simple.len())
                .map(|k| distance(p, simple[k], simple[(k + 1) % simple.len()]))
                .fold(f64::INFINITY, f64::min)
        })
        .fold(0.0, f64::max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_read_back_as_written() {
        let r = rings("M335 161l3 0 2 2 2 -1 0 2-7-3zM10 10L20 10 20 20z");
        assert_eq!(
            r,
            vec![
                vec![(335, 161), (338, 161), (340, 163), (342, 162), (342, 164)],
                vec![(10, 10), (20, 10), (20, 20)],
            ]
        );
        assert_eq!(rings(&path(&r)), r);
        assert_eq!(path(&r[1..]), "M10 10l10 0 0 10z");
    }

    #[test]
    fn neighbours_keep_their_shared_edge() {
        // Two squares sharing a wiggly vertical edge from (10,0) to (10,10).
        let edge: Vec<Point> = (0..=10).map(|y| (10 + (y % 2), y)).collect();
        let mut left = vec![(0, 10), (0, 0)];
        left.extend(edge.iter().copied());
        let mut right: Ring = edge.iter().rev().copied().collect();
        right.extend([(20, 0), (20, 10)]);
        right.rotate_left(3);
        let mut s = Simplifier::new([&left, &right], 1.5);
        let (l, r) = (s.ring(&left), s.ring(&right));
        let inner = |ring: &Ring| -> Vec<Point> {
            let mut v: Vec<Point> = ring
                .iter()
                .filter(|p| p.0 >= 10 && p.0 <= 11)
                .copied()
                .collect();
            v.sort();
            v
        };
        assert_eq!(inner(&l), inner(&r), "the shared edge is drawn alike");
        assert!(inner(&l).len() < edge.len(), "and simplified");
        assert!(deviation(&left, &l) <= 1.5);
    }

    #[test]
    fn a_straight_run_keeps_its_ends() {
        let line: Vec<Point> = (0..50).map(|x| (x, 0)).collect();
        assert_eq!(douglas_peucker(&line, 0.5), vec![(0, 0), (49, 0)]);
    }
}
