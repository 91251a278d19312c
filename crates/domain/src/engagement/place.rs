//! Placing a point in an area: the even-odd rule over an area's rings (its outline and any
//! holes or islands), in whatever plane the rings and the point share.

pub type Ring = [(f64, f64)];

/// Whether the point lies inside the shape made of these rings (even-odd: inside an outline
/// and not inside a hole).
pub fn inside(point: (f64, f64), rings: &[Vec<(f64, f64)>]) -> bool {
    let (px, py) = point;
    let mut inside = false;
    for ring in rings {
        let n = ring.len();
        if n < 3 {
            continue;
        }
        let mut j = n - 1;
        for i in 0..n {
            let (xi, yi) = ring[i];
            let (xj, yj) = ring[j];
            if (yi > py) != (yj > py) && px < (xj - xi) * (py - yi) / (yj - yi) + xi {
                inside = !inside;
            }
            j = i;
        }
    }
    inside
}

/// Coordinates people type: latitude and longitude in decimal degrees, within Great Britain.
pub fn parse_coordinates(lat: &str, lon: &str) -> Result<(f64, f64), String> {
    let lat_v: f64 = lat
        .trim()
        .parse()
        .map_err(|_| format!("{lat:?} is not a latitude like 53.1905"))?;
    let lon_v: f64 = lon
        .trim()
        .parse()
        .map_err(|_| format!("{lon:?} is not a longitude like -2.8916"))?;
    if !(49.0..=61.0).contains(&lat_v) || !(-9.0..=2.5).contains(&lon_v) {
        return Err("The coordinates are not in Great Britain".into());
    }
    Ok((lat_v, lon_v))
}
