//! Where a field is in a TOML file (`["topic", 3, "label", "nl"]`), how to
//! change it there without touching the rest, and which field a problem's
//! line and column are about.

use serde::{Deserialize, Serialize};
use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, Value};

/// One step into a TOML document: a key, or an item of a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Seg {
    Index(usize),
    Key(String),
}

/// Parses a path given as JSON (`["topic", 3, "label", "nl"]`).
pub fn parse(json: &str) -> Result<Vec<Seg>, String> {
    serde_json::from_str(json).map_err(|e| format!("onbekend veld {json}: {e}"))
}

pub fn find<'a>(item: &'a Item, path: &[Seg]) -> Option<&'a Item> {
    let Some((first, rest)) = path.split_first() else {
        return Some(item);
    };
    let next = match (first, item) {
        (Seg::Key(k), _) => item.as_table_like()?.get(k)?,
        (Seg::Index(i), Item::ArrayOfTables(a)) => return a.get(*i).and_then(|t| find_in_table(t, rest)),
        _ => return None,
    };
    find(next, rest)
}

fn find_in_table<'a>(t: &'a Table, path: &[Seg]) -> Option<&'a Item> {
    let Some((Seg::Key(k), rest)) = path.split_first() else {
        return None;
    };
    find(t.get(k)?, rest)
}

/// A value the forms set: text, number, yes/no, a list of texts; `None` removes.
pub fn to_toml(value: &serde_json::Value) -> Result<Option<Value>, String> {
    use serde_json::Value as J;
    Ok(Some(match value {
        J::Null => return Ok(None),
        J::String(s) => Value::from(s.as_str()),
        J::Bool(b) => Value::from(*b),
        J::Number(n) => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) => Value::from(i),
            (None, Some(f)) => Value::from(f),
            _ => return Err(format!("{n} is geen getal")),
        },
        J::Array(a) => {
            let mut arr = toml_edit::Array::new();
            for v in a {
                match to_toml(v)? {
                    Some(v) => arr.push(v),
                    None => return Err("een lege plek in een lijst".to_string()),
                }
            }
            Value::Array(arr)
        }
        J::Object(o) => {
            let mut t = toml_edit::InlineTable::new();
            for (k, v) in o {
                if let Some(v) = to_toml(v)? {
                    t.insert(k, v);
                }
            }
            Value::InlineTable(t)
        }
    }))
}

/// Sets (or with `None` removes) the value at `path`, making the tables on
/// the way. An existing value keeps its place and its comment; a new text
/// per language is written as the files are (`label.tr = "…"`).
pub fn set(doc: &mut DocumentMut, path: &[Seg], value: Option<Value>) -> Result<(), String> {
    let Some((last, parents)) = path.split_last() else {
        return Err("geen veld".to_string());
    };
    let Seg::Key(key) = last else {
        return Err("een veld heeft een naam".to_string());
    };
    let mut table: &mut dyn toml_edit::TableLike = doc.as_table_mut();
    let mut i = 0;
    while i < parents.len() {
        let Seg::Key(k) = &parents[i] else {
            return Err("een lijst zonder naam".to_string());
        };
        if let Some(Seg::Index(n)) = parents.get(i + 1) {
            let list = table
                .get_mut(k)
                .and_then(Item::as_array_of_tables_mut)
                .ok_or_else(|| format!("er is geen lijst \"{k}\""))?;
            table = list
                .get_mut(*n)
                .ok_or_else(|| format!("\"{k}\" heeft geen nummer {}", n + 1))?;
            i += 2;
        } else {
            if !table.contains_key(k) {
                if value.is_none() {
                    return Ok(());
                }
                let mut t = Table::new();
                t.set_dotted(true);
                table.insert(k, Item::Table(t));
            }
            table = table
                .get_mut(k)
                .and_then(Item::as_table_like_mut)
                .ok_or_else(|| format!("\"{k}\" is geen tabel"))?;
            i += 1;
        }
    }
    match value {
        None => {
            table.remove(key);
        }
        Some(mut value) => match table.get_mut(key) {
            Some(Item::Value(old)) => {
                *value.decor_mut() = old.decor().clone();
                *old = value;
            }
            _ => {
                table.insert(key, Item::Value(value));
            }
        },
    }
    Ok(())
}

/// Adds an empty item to the list at `path` (`["topic"]`), or removes item `index`.
pub fn add_item(doc: &mut DocumentMut, path: &[Seg], fields: &[(&str, Value)]) -> Result<usize, String> {
    let list = list_mut(doc, path)?;
    let mut t = Table::new();
    for (k, v) in fields {
        t.insert(k, Item::Value(v.clone()));
    }
    list.push(t);
    Ok(list.len() - 1)
}

pub fn remove_item(doc: &mut DocumentMut, path: &[Seg], index: usize) -> Result<(), String> {
    let list = list_mut(doc, path)?;
    if index >= list.len() {
        return Err(format!("er is geen nummer {}", index + 1));
    }
    list.remove(index);
    Ok(())
}

fn list_mut<'a>(doc: &'a mut DocumentMut, path: &[Seg]) -> Result<&'a mut ArrayOfTables, String> {
    let mut table: &mut dyn toml_edit::TableLike = doc.as_table_mut();
    let Some((last, parents)) = path.split_last() else {
        return Err("geen lijst".to_string());
    };
    for seg in parents {
        let Seg::Key(k) = seg else {
            return Err("geen lijst".to_string());
        };
        if !table.contains_key(k) {
            table.insert(k, Item::Table(Table::new()));
        }
        table = table
            .get_mut(k)
            .and_then(Item::as_table_like_mut)
            .ok_or_else(|| format!("\"{k}\" is geen tabel"))?;
    }
    let Seg::Key(k) = last else {
        return Err("geen lijst".to_string());
    };
    if !table.contains_key(k) {
        table.insert(k, Item::ArrayOfTables(ArrayOfTables::new()));
    }
    table
        .get_mut(k)
        .and_then(Item::as_array_of_tables_mut)
        .ok_or_else(|| format!("\"{k}\" is geen lijst"))
}

/// Where each value and header of a file is: byte range and path.
pub type Places = Vec<(std::ops::Range<usize>, Vec<Seg>)>;

/// Every value and table header of a TOML text with where it is: byte
/// range and path. Made from the text as written, so the ranges match the
/// lines the kiosk's checks name.
pub fn places(text: &str) -> Places {
    let Ok(doc) = toml_edit::Document::parse(text) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    walk_table(doc.as_table(), &mut Vec::new(), &mut out);
    out
}

fn walk_table(t: &Table, path: &mut Vec<Seg>, out: &mut Places) {
    if let Some(span) = t.span() {
        out.push((span, path.clone()));
    }
    for (key, item) in t.iter() {
        let start = t.key(key).and_then(|k| k.span()).map(|s| s.start);
        path.push(Seg::Key(key.to_string()));
        walk_item(item, start, path, out);
        path.pop();
    }
}

fn walk_item(
    item: &Item,
    key_start: Option<usize>,
    path: &mut Vec<Seg>,
    out: &mut Vec<(std::ops::Range<usize>, Vec<Seg>)>,
) {
    match item {
        Item::Value(Value::InlineTable(t)) => {
            if let Some(span) = t.span() {
                out.push((key_start.unwrap_or(span.start)..span.end, path.clone()));
            }
            for (key, v) in t.iter() {
                path.push(Seg::Key(key.to_string()));
                if let Some(span) = v.span() {
                    out.push((span, path.clone()));
                }
                path.pop();
            }
        }
        Item::Value(v) => {
            if let Some(span) = v.span() {
                out.push((key_start.unwrap_or(span.start)..span.end, path.clone()));
            }
        }
        Item::Table(t) => walk_table(t, path, out),
        Item::ArrayOfTables(a) => {
            for (i, t) in a.iter().enumerate() {
                path.push(Seg::Index(i));
                walk_table(t, path, out);
                path.pop();
            }
        }
        Item::None => {}
    }
}

/// The field a problem at `offset` is about: the smallest value or header
/// around it, else the list item whose lines it falls in.
pub fn place_of(places: &Places, text: &str, offset: usize) -> Option<Vec<Seg>> {
    let around = places
        .iter()
        .filter(|(r, _)| r.start <= offset && offset < r.end.max(r.start + 1))
        .min_by_key(|(r, _)| r.end - r.start);
    if let Some((_, p)) = around {
        return Some(p.clone());
    }
    // On the same line (a problem named at the start of a line).
    let line_start = text[..offset.min(text.len())].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[offset.min(text.len())..]
        .find('\n')
        .map_or(text.len(), |i| offset + i);
    if let Some((_, p)) = places
        .iter()
        .filter(|(r, _)| r.start >= line_start && r.start < line_end)
        .min_by_key(|(r, _)| r.start)
    {
        return Some(p.clone());
    }
    // The item whose header came last before it.
    places
        .iter()
        .filter(|(r, p)| r.start <= offset && p.iter().any(|s| matches!(s, Seg::Index(_))))
        .max_by_key(|(r, _)| r.start)
        .map(|(_, p)| {
            let last_index = p.iter().rposition(|s| matches!(s, Seg::Index(_))).unwrap_or(0);
            p[..=last_index].to_vec()
        })
}

/// The byte offset of a 1-based line and column (columns in characters).
pub fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return text.len(),
        }
    }
    text[start..]
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(text.len(), |(i, _)| start + i)
}
