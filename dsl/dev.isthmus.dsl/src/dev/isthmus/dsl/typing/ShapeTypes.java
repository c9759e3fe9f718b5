package dev.isthmus.dsl.typing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.emf.ecore.EObject;

import dev.isthmus.dsl.isthmus.ArrayShape;
import dev.isthmus.dsl.isthmus.BuiltinTypeRef;
import dev.isthmus.dsl.isthmus.DataModel;
import dev.isthmus.dsl.isthmus.Element;
import dev.isthmus.dsl.isthmus.ElementTypeRef;
import dev.isthmus.dsl.isthmus.EnumLiteral;
import dev.isthmus.dsl.isthmus.EnumType;
import dev.isthmus.dsl.isthmus.Field;
import dev.isthmus.dsl.isthmus.ObjectShape;
import dev.isthmus.dsl.isthmus.Record;
import dev.isthmus.dsl.isthmus.RecordField;
import dev.isthmus.dsl.isthmus.ScalarShape;
import dev.isthmus.dsl.isthmus.Shape;
import dev.isthmus.dsl.isthmus.ShapeType;
import dev.isthmus.dsl.isthmus.TypeRef;
import dev.isthmus.library.IslType;
import dev.isthmus.library.IslType.ListType;
import dev.isthmus.library.IslType.ObjectType;
import dev.isthmus.library.IslType.Scalar;

/** The {@link IslType} of models, records, their fields and nested objects. */
public final class ShapeTypes {

	private ShapeTypes() {
	}

	/** The object type of a model or record. */
	public static IslType of(Shape shape) {
		if (shape == null || shape.eIsProxy()) {
			return IslType.ANY;
		}
		if (shape instanceof DataModel model) {
			return new ObjectType(model.getName(), new ModelMembers(model));
		}
		Record record = (Record) shape;
		return new ObjectType(record.getName(), new RecordMembers(record.getName(), record, record.getFields()));
	}

	/** The type of a model field, {@code ?} and {@code [..]} included. */
	public static IslType of(Field field) {
		return field.getType() == null ? IslType.ANY : of(field.getType(), field.isOptional());
	}

	/** The type a type reference spells, optional if {@code optional}. */
	public static IslType of(TypeRef ref, boolean optional) {
		IslType type;
		if (ref instanceof BuiltinTypeRef builtin) {
			IslType.Kind kind = IslType.Kind.valueOf(builtin.getBuiltin().getName());
			type = new Scalar(kind, scale(builtin.getScale()));
		} else {
			type = elementType((ElementTypeRef) ref);
		}
		if (ref.isMany()) {
			type = new ListType(type);
		}
		return optional ? type.optional() : type;
	}

	/** A Decimal's scale as written; none when absent or not a sensible number (the parser has complained). */
	private static Integer scale(String digits) {
		try {
			return digits == null ? null : Integer.valueOf(digits);
		} catch (NumberFormatException e) {
			return null;
		}
	}

	private static IslType elementType(ElementTypeRef ref) {
		Element element = ref.getElement();
		if (element == null || element.eIsProxy()) {
			return IslType.ANY;
		}
		if (element instanceof EnumType enumType) {
			return of(enumType);
		}
		if (ref.isReference() && element instanceof DataModel model) {
			// A ref holds the key of the referenced record, not the record.
			List<Field> keys = model.getFields().stream().filter(Field::isKey).toList();
			return keys.size() == 1 ? of(keys.get(0)).required() : IslType.STRING;
		}
		return element instanceof Shape shape ? of(shape) : IslType.ANY;
	}

	public static IslType.EnumType of(EnumType enumType) {
		return new IslType.EnumType(enumType.getName(),
				enumType.getLiterals().stream().map(EnumLiteral::getName).toList());
	}

	static IslType of(ShapeType shape, String name, EObject origin) {
		if (shape instanceof ScalarShape scalar) {
			return switch (scalar.getKind()) {
				case STRING -> IslType.STRING;
				case INTEGER -> IslType.LONG;
				case NUMBER, DECIMAL -> IslType.DECIMAL;
				case BOOLEAN -> IslType.BOOLEAN;
				case DATE -> IslType.DATE;
				case TIMESTAMP -> IslType.TIMESTAMP;
			};
		}
		if (shape instanceof ArrayShape array) {
			return array.getElement() == null ? IslType.ANY : new ListType(of(array.getElement(), name, origin));
		}
		if (shape instanceof ObjectShape object) {
			return new ObjectType(name, new RecordMembers(name, object, object.getFields()));
		}
		return IslType.ANY;
	}

	/** The declaring object of a member name: the {@link Field} or {@link RecordField}, or {@code null}. */
	public static EObject declaration(IslType objectType, String member) {
		if (objectType.required() instanceof ObjectType object && object.members() instanceof Declared declared) {
			return declared.declaration(member);
		}
		return null;
	}

	/** Members that come from declarations in the source. */
	interface Declared extends IslType.Members {
		EObject declaration(String member);

		/** Whether a rule must set this member: not optional, no default. */
		boolean required(String member);
	}

	private record ModelMembers(DataModel model) implements Declared {
		@Override
		public IslType member(String name) {
			Field field = (Field) declaration(name);
			return field == null ? null : ShapeTypes.of(field);
		}

		@Override
		public List<String> names() {
			return model.getFields().stream().map(Field::getName).toList();
		}

		@Override
		public Object origin() {
			return model;
		}

		@Override
		public EObject declaration(String member) {
			return model.getFields().stream().filter(f -> member.equals(f.getName())).findFirst().orElse(null);
		}

		@Override
		public boolean required(String member) {
			Field field = (Field) declaration(member);
			return field != null && !field.isOptional() && field.getDefault() == null;
		}
	}

	private static final class RecordMembers implements Declared {
		private final String name;
		private final EObject origin;
		private final Map<String, RecordField> fields = new LinkedHashMap<>();

		RecordMembers(String name, EObject origin, List<RecordField> fields) {
			this.name = name;
			this.origin = origin;
			for (RecordField field : fields) {
				if (field.getName() != null) {
					this.fields.putIfAbsent(field.getName(), field);
				}
			}
		}

		@Override
		public IslType member(String member) {
			RecordField field = fields.get(member);
			if (field == null) {
				return null;
			}
			IslType type = of(field.getType(), name + "." + member, field);
			return field.isOptional() ? type.optional() : type;
		}

		@Override
		public List<String> names() {
			return new ArrayList<>(fields.keySet());
		}

		@Override
		public Object origin() {
			return origin;
		}

		@Override
		public EObject declaration(String member) {
			return fields.get(member);
		}

		@Override
		public boolean required(String member) {
			RecordField field = fields.get(member);
			return field != null && !field.isOptional();
		}
	}
}
