package io.triad.appliance.config;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.deser.SettableBeanProperty;
import com.fasterxml.jackson.databind.deser.ValueInstantiator;
import com.fasterxml.jackson.databind.deser.impl.PropertyValueBuffer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.lang.reflect.RecordComponent;

/**
 * Lets a section that is a record take the default of every key the YAML leaves out: Jackson builds a record through
 * its canonical constructor, which would get {@code 0}, {@code false} or {@code null} for an absent key; this module
 * passes the value of the section's no-argument constructor (its defaults) instead. A key that is present, even with
 * an empty value, is taken as written, and unknown keys stay errors.
 *
 * <p>NOTE: every record in this package must have a public no-argument constructor that gives its defaults.
 */
final class SectionDefaults extends SimpleModule {
    private static final long serialVersionUID = 1L;

    SectionDefaults() {
        super("triad-section-defaults");
    }

    @Override
    public void setupModule(SetupContext context) {
        super.setupModule(context);
        context.addValueInstantiators((config, description, instantiator) -> {
            Class<?> type = description.getBeanClass();
            return type.isRecord() && type.getPackage() == SectionDefaults.class.getPackage()
                    ? new Defaulting(instantiator, defaults(type))
                    : instantiator;
        });
    }

    private static Object defaults(Class<?> section) {
        try {
            return section.getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(section.getName() + " has no public constructor of its defaults", e);
        }
    }

    /** The record's instantiator, with the defaults' values for the absent keys. */
    private static final class Defaulting extends ValueInstantiator.Delegating {
        private static final long serialVersionUID = 1L;

        private final transient Object defaults;

        Defaulting(ValueInstantiator delegate, Object defaults) {
            super(delegate);
            this.defaults = defaults;
        }

        @Override
        public ValueInstantiator createContextual(DeserializationContext context, BeanDescription description)
                throws JsonMappingException {
            ValueInstantiator d = delegate().createContextual(context, description);
            return d == delegate() ? this : new Defaulting(d, defaults);
        }

        @Override
        public Object createFromObjectWith(
                DeserializationContext context, SettableBeanProperty[] properties, PropertyValueBuffer buffer)
                throws IOException {
            Object[] values = buffer.getParameters(properties);
            RecordComponent[] components = defaults.getClass().getRecordComponents();
            for (SettableBeanProperty p : properties) {
                if (!buffer.hasParameter(p)) {
                    values[p.getCreatorIndex()] = defaultOf(components[p.getCreatorIndex()]);
                }
            }
            return delegate().createFromObjectWith(context, values);
        }

        private Object defaultOf(RecordComponent component) {
            try {
                return component.getAccessor().invoke(defaults);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("the default of " + component + " cannot be read", e);
            }
        }
    }
}
